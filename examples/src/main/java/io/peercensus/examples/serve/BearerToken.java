package io.peercensus.examples.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The service's optional access token (RFC 6750): a request carries it as {@code Authorization: Bearer TOKEN}, or
 * in the {@value #COOKIE} cookie that {@code /?token=TOKEN} sets so the dashboard in a browser works. Tokens are
 * compared in constant time (their SHA-256 digests, so not even the length leaks).
 *
 * <p>Immutable and thread-safe.
 */
final class BearerToken {
    /** The cookie the dashboard's requests carry the token in. */
    static final String COOKIE = "peercensus_token";
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._~+/=-]{16,256}");

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * The token {@code token}.
     *
     * @throws IllegalArgumentException when it is shorter than 16 characters, longer than 256, or has characters
     *     other than letters, digits and {@code . _ ~ + / = -} (those a bearer token and a cookie may carry)
     */
    static BearerToken of(String token) {
        if (token == null || !FORM.matcher(token).matches()) {
            throw new IllegalArgumentException("the token must be 16 to 256 characters: letters, digits and . _ ~ + / = -"
                    + " (for example: openssl rand -hex 24)");
        }
        return new BearerToken(token);
    }

    /** Whether {@code request} carries this token, in its Authorization header or its cookie. */
    boolean admits(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).strip())) {
            return true;
        }
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(COOKIE) && matches(c.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code candidate} is this token; takes the same time whatever it is. */
    boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
