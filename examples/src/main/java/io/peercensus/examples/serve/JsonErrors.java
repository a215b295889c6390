package io.peercensus.examples.serve;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors the server finds before a route runs (a malformed request: 400; headers too large: 431) with
 * the service's one-line JSON error, {@code {"error":"..."}}, like every route's errors.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonErrors implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String m && !m.isBlank()
                ? m : HttpStatus.getMessage(status);
        Routes.send(response, callback, status, "application/json; charset=utf-8",
                StatsJson.error(status + " " + message), "HEAD".equals(request.getMethod()));
        return true;
    }
}
