package dev.switchboard.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testing.Account;
import dev.switchboard.testing.Http.Response;
import dev.switchboard.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cookie mode: the refresh token travels only in an HttpOnly cookie that lives as long as the token (7 days), never
 * in a body a script could read; refreshing by cookie rotates it the same way.
 */
class RefreshCookieTest {

    private static final long SEVEN_DAYS = 7 * 24 * 3600;
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cookieModeKeepsTheRefreshTokenOutOfTheBodyAndSetsItsLifetime() {
        Account admin = server.register("Cookie Bakery");
        Response login = server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                .put("password", Account.PASSWORD).put("useCookie", true), null);
        assertEquals(200, login.status(), login::toString);
        assertFalse(login.json().containsKey("refreshToken"), () -> "no refresh token in the body: " + login);
        assertNotNull(login.json().getString("accessToken"));
        String cookie = refreshCookie(login);
        assertTrue(cookie.contains("Max-Age=" + SEVEN_DAYS), cookie);
        assertTrue(cookie.toLowerCase().contains("httponly"), cookie);

        Response refreshed = server.http.send(HttpMethod.POST, "/api/v1/auth/refresh", null, null,
                Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')), "X-Requested-With", "XMLHttpRequest"));
        assertEquals(200, refreshed.status(), refreshed::toString);
        assertFalse(refreshed.json().containsKey("refreshToken"), () -> "no refresh token in the body: " + refreshed);
        String rotated = refreshCookie(refreshed);
        assertTrue(rotated.contains("Max-Age=" + SEVEN_DAYS), rotated);
        assertFalse(rotated.startsWith(cookie.substring(0, cookie.indexOf(';')) + ";"), "the token was rotated");
    }

    @Test
    void withoutCookieModeTheTokenIsInTheBodyAndNoCookieIsSet() {
        Account admin = server.register("Body Bakery");
        Response login = server.http.post("/api/v1/auth/login", new JsonObject().put("email", admin.email())
                .put("password", Account.PASSWORD), null);
        assertEquals(200, login.status(), login::toString);
        assertNotNull(login.json().getString("refreshToken"));
        assertTrue(login.headers().getAll("Set-Cookie").stream().noneMatch(c -> c.startsWith(AuthEndpoint.REFRESH_COOKIE + "=")));
    }

    private static String refreshCookie(Response r) {
        List<String> cookies = r.headers().getAll("Set-Cookie").stream()
                .filter(c -> c.startsWith(AuthEndpoint.REFRESH_COOKIE + "=")).toList();
        assertEquals(1, cookies.size(), () -> "one refresh cookie: " + r.headers());
        return cookies.get(0);
    }
}
