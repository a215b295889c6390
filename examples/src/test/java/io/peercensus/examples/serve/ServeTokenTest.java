package io.peercensus.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With a token, every route but {@code /metrics} needs it, as a bearer token or the dashboard's cookie. */
class ServeTokenTest {
    private static final String TOKEN = "s3cret-token-0123456789";

    private static HttpResponse<String> get(ServeFixture f, String path, String header, String value) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(f.uri(path));
        if (header != null) {
            r.header(header, value);
        }
        return ServeFixture.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyRouteButMetricsNeedsTheToken() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.token(TOKEN))) {
            for (String path : new String[] {"/", "/stats", "/crawls", "/peers", "/assets/dashboard.js"}) {
                HttpResponse<String> r = get(f, path, null, null);
                assertThat(r.statusCode()).as(path).isEqualTo(401);
                assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"peercensus\"");
                assertThat(get(f, path, "Authorization", "Bearer wrong-token-0123456789").statusCode()).as(path).isEqualTo(401);
            }
            assertThat(f.service.feed().servedSubscribers()).isZero();
            assertThat(get(f, "/stats", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
            assertThat(get(f, "/metrics", null, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theDashboardTakesTheTokenOnceAndKeepsItInACookie() throws Exception {
        try (ServeFixture f = ServeFixture.bind(20, 1, null, b -> b.token(TOKEN))) {
            assertThat(get(f, "/?token=wrong-token-0123456789", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> r = get(f, "/?token=" + TOKEN, null, null); // the client does not follow redirects
            assertThat(r.statusCode()).isEqualTo(303);
            assertThat(r.headers().firstValue("Location")).hasValue("/");
            assertThat(r.headers().firstValue("Set-Cookie")).hasValue(BearerToken.COOKIE + "=" + TOKEN
                    + "; Path=/; HttpOnly; SameSite=Strict");
            String cookie = BearerToken.COOKIE + "=" + TOKEN;
            assertThat(get(f, "/", "Cookie", cookie).body()).contains("/assets/dashboard.js");
            assertThat(get(f, "/stats", "Cookie", cookie).statusCode()).isEqualTo(200);
            assertThat(get(f, "/stats", "Cookie", BearerToken.COOKIE + "=wrong-token-0123456789").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aWeakTokenIsRefused() {
        assertThatThrownBy(() -> ScrapeService.builder().token("short")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the token must be 16 to 256 characters");
        assertThatThrownBy(() -> ScrapeService.builder().token("has space in it, and more")).isInstanceOf(IllegalArgumentException.class);
    }
}
