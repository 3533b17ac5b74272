package dev.switchboard.auth;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.TimeZones;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code /api/v1/auth/*} and the JWKS. Browsers may keep the refresh token in an HttpOnly cookie
 * ({@code "useCookie": true}) that lives as long as the token; the token is then left out of the body, so no script
 * can read it. A request authenticated by that cookie must carry {@code X-Requested-With: XMLHttpRequest}.
 */
public final class AuthEndpoint implements Endpoint {

    static final String REFRESH_COOKIE = "sb_refresh";
    private static final String COOKIE_PATH = "/api/v1/auth";

    private final AuthService auth;
    private final AccessTokens tokens;
    private final ApiRoutes routes;
    private final RateLimiter loginLimit;
    private final RateLimiter registerLimit;
    private final boolean trustForwardedFor;
    private final boolean secureCookies;
    private final Duration refreshTokenTtl;

    public AuthEndpoint(AuthService auth, AccessTokens tokens, ApiRoutes routes, RateLimiter loginLimit,
                        RateLimiter registerLimit, boolean trustForwardedFor, boolean secureCookies, Duration refreshTokenTtl) {
        this.refreshTokenTtl = refreshTokenTtl;
        this.auth = auth;
        this.tokens = tokens;
        this.routes = routes;
        this.loginLimit = loginLimit;
        this.registerLimit = registerLimit;
        this.trustForwardedFor = trustForwardedFor;
        this.secureCookies = secureCookies;
    }

    @Override
    public void addRoutes(Router router) {
        router.post("/api/v1/auth/register").handler(this::register);
        router.post("/api/v1/auth/login").handler(this::login);
        router.post("/api/v1/auth/refresh").handler(this::refresh);
        routes.post(router, "/api/v1/auth/logout", this::logout);
        routes.get(router, "/api/v1/auth/me", this::me);
        router.get("/.well-known/jwks.json").handler(this::jwks);
    }

    @Override
    public String openApiFragment() {
        return "openapi/auth.json";
    }

    private void register(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        registerLimit.acquire(meta.ip());
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String slug = v.optionalString("organizationSlug", 64);
        String organizationName = slug == null ? v.requiredString("organizationName", 200) : null;
        if (slug != null && body.getValue("organizationName") != null) {
            v.fail("organizationName", "give either organizationName (a new organization) or organizationSlug (joining one), not both");
        }
        String timezone = v.optionalString("timezone", 64);
        if (timezone != null && !TimeZones.isIana(timezone)) {
            v.fail("timezone", TimeZones.MESSAGE);
        }
        if (slug != null && timezone != null) {
            v.fail("timezone", "is the new organization's time zone; joining keeps the organization's own");
        }
        String email = v.email("email");
        String password = v.password("password");
        String fullName = v.requiredString("fullName", 200);
        boolean useCookie = v.optionalBoolean("useCookie", false);
        v.check();
        respond(ctx, slug != null ? auth.join(slug, email, password, fullName, meta)
                : auth.register(organizationName, timezone == null ? "UTC" : timezone, email, password, fullName, meta), 201, useCookie);
    }

    private void login(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String email = v.email("email");
        Object password = body.getValue("password");
        if (!(password instanceof String)) {
            v.fail("password", "is required");
        }
        boolean useCookie = v.optionalBoolean("useCookie", false);
        v.check();
        loginLimit.acquire(meta.ip() + "|" + email);
        respond(ctx, auth.login(email, (String) password, meta), 200, useCookie);
    }

    private void refresh(RoutingContext ctx) {
        JsonObject body = Requests.optionalJsonBody(ctx);
        String token = body.getValue("refreshToken") instanceof String s ? s : null;
        boolean fromCookie = false;
        if (token == null) {
            Cookie cookie = ctx.request().getCookie(REFRESH_COOKIE);
            if (cookie == null) {
                throw ApiException.invalid("refreshToken", "is required");
            }
            if (!"XMLHttpRequest".equals(ctx.request().getHeader("X-Requested-With"))) {
                throw ApiException.forbidden("cookie-authenticated requests must send X-Requested-With: XMLHttpRequest");
            }
            token = cookie.getValue();
            fromCookie = true;
        }
        respond(ctx, auth.refresh(token, Requests.meta(ctx, trustForwardedFor)), 200, fromCookie);
    }

    private void logout(RoutingContext ctx) {
        Validator input = new Validator(Requests.optionalJsonBody(ctx));
        boolean all = input.optionalBoolean("allSessions", false);
        input.check();
        Responses.then(ctx, auth.logout(Principal.of(ctx), all), v -> {
            ctx.response().addCookie(refreshCookie("").setMaxAge(0));
            Responses.noContent(ctx);
        });
    }

    private void me(RoutingContext ctx) {
        Responses.then(ctx, auth.me(Principal.of(ctx)), json -> Responses.ok(ctx, json));
    }

    private void jwks(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "public, max-age=300");
        ctx.response().putHeader("Content-Type", "application/jwk-set+json").end(tokens.jwks().toBuffer());
    }

    private void respond(RoutingContext ctx, Future<Session> session, int status, boolean setCookie) {
        Responses.then(ctx, session, s -> {
            JsonObject json = s.toJson();
            if (setCookie) {
                ctx.response().addCookie(refreshCookie(s.refreshToken()).setMaxAge(refreshTokenTtl.toSeconds()));
                json.remove("refreshToken");
            }
            if (status == 201) {
                Responses.created(ctx, json);
            } else {
                Responses.ok(ctx, json);
            }
        });
    }

    private Cookie refreshCookie(String value) {
        return Cookie.cookie(REFRESH_COOKIE, value)
                .setHttpOnly(true)
                .setSecure(secureCookies)
                .setSameSite(CookieSameSite.STRICT)
                .setPath(COOKIE_PATH);
    }
}
