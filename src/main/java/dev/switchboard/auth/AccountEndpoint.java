package dev.switchboard.auth;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.TimeZones;
import dev.switchboard.tenancy.User;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code /api/v1/account}: the caller's own profile, password and sessions; and {@code /api/v1/auth/password-reset}
 * for someone who cannot sign in (limited per client address and per email).
 */
public final class AccountEndpoint implements Endpoint {

    private final AccountService accounts;
    private final ApiRoutes routes;
    private final RateLimiter resetLimit;
    private final boolean trustForwardedFor;

    public AccountEndpoint(AccountService accounts, ApiRoutes routes, RateLimiter resetLimit, boolean trustForwardedFor) {
        this.accounts = accounts;
        this.routes = routes;
        this.resetLimit = resetLimit;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/account", this::profile);
        routes.patch(router, "/api/v1/account", this::updateProfile);
        routes.post(router, "/api/v1/account/password", this::changePassword);
        routes.get(router, "/api/v1/account/sessions", this::sessions);
        routes.delete(router, "/api/v1/account/sessions/:id", this::revokeSession);
        router.post("/api/v1/auth/password-reset").handler(this::requestReset);
        router.post("/api/v1/auth/password-reset/confirm").handler(this::confirmReset);
    }

    @Override
    public String openApiFragment() {
        return "openapi/account.json";
    }

    private void profile(RoutingContext ctx) {
        Responses.replyVersioned(ctx, accounts.profile(Principal.of(ctx)), User::toJson, User::version);
    }

    private void updateProfile(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String fullName = v.optionalString("fullName", 200);
        boolean clearTimezone = body.containsKey("timezone") && body.getValue("timezone") == null;
        String timezone = v.optionalString("timezone", 64);
        if (timezone != null && !TimeZones.isIana(timezone)) {
            v.fail("timezone", TimeZones.MESSAGE);
        }
        boolean clearAvatar = body.containsKey("avatarUrl") && body.getValue("avatarUrl") == null;
        String avatarUrl = v.optionalString("avatarUrl", 2048);
        if (avatarUrl != null && !isWebUrl(avatarUrl)) {
            v.fail("avatarUrl", "must be an http or https URL");
        }
        v.check();
        ExpectedVersion expected = ExpectedVersion.of(ctx, body);
        AccountService.ProfilePatch patch = new AccountService.ProfilePatch(fullName, timezone, clearTimezone, avatarUrl, clearAvatar);
        Responses.replyVersioned(ctx, accounts.updateProfile(Principal.of(ctx), patch, expected), User::toJson, User::version);
    }

    private void changePassword(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        Object current = body.getValue("currentPassword");
        if (!(current instanceof String) || ((String) current).isEmpty() || ((String) current).length() > 256) {
            v.fail("currentPassword", current == null ? "is required" : "must be your current password");
        }
        String next = v.password("newPassword");
        v.check();
        Responses.replyNoContent(ctx, accounts.changePassword(Principal.of(ctx), (String) current, next));
    }

    private void sessions(RoutingContext ctx) {
        Responses.then(ctx, accounts.sessions(Principal.of(ctx)), list -> Responses.ok(ctx, new JsonObject().put("items", new JsonArray(list))));
    }

    private void revokeSession(RoutingContext ctx) {
        Responses.replyNoContent(ctx, accounts.revokeSession(Principal.of(ctx), Requests.pathId(ctx, "id", "session")));
    }

    private void requestReset(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String email = v.email("email");
        v.check();
        resetLimit.acquire(meta.ip());
        resetLimit.acquire(email);
        Responses.then(ctx, accounts.requestReset(email, meta), done -> accepted(ctx));
    }

    private void confirmReset(RoutingContext ctx) {
        RequestMeta meta = Requests.meta(ctx, trustForwardedFor);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String token = v.requiredString("token", 200);
        String password = v.password("newPassword");
        v.check();
        resetLimit.acquire(meta.ip());
        Responses.replyNoContent(ctx, accounts.confirmReset(token, password, meta));
    }

    private static void accepted(RoutingContext ctx) {
        JsonObject body = new JsonObject().put("status", "accepted")
                .put("detail", "if an account uses this email, a single-use reset link is on its way");
        ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(body.toBuffer());
    }

    static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
