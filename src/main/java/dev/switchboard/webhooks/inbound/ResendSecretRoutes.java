package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.function.Function;

/** {@code /api/v1/resend-signing-secrets}: the signing secrets of the organization's Resend webhooks. */
public final class ResendSecretRoutes implements Endpoint {

    private final ResendSecretService secrets;
    private final ApiRoutes routes;

    public ResendSecretRoutes(ResendSecretService secrets, ApiRoutes routes) {
        this.secrets = secrets;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/resend-signing-secrets", this::list);
        routes.post(router, "/api/v1/resend-signing-secrets", this::add);
        routes.delete(router, "/api/v1/resend-signing-secrets/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/resend-signing-secrets.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, secrets.list(Principal.of(ctx), page), page, Function.identity(),
                o -> java.util.UUID.fromString(o.getString("id")));
    }

    private void add(RoutingContext ctx) {
        Validator v = new Validator(Requests.jsonBody(ctx));
        String secret = v.requiredString("secret", 200);
        if (secret != null && !isSigningSecret(secret)) {
            v.fail("secret", "must be a whsec_ signing secret");
        }
        v.check();
        Responses.replyCreated(ctx, secrets.add(Principal.of(ctx), secret), Function.identity());
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, secrets.delete(Principal.of(ctx), Requests.pathId(ctx, "id", "Resend signing secret")));
    }

    private static boolean isSigningSecret(String secret) {
        if (!secret.startsWith("whsec_")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(secret.substring("whsec_".length())).length >= 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
