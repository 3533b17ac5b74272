package dev.switchboard.auth;

import dev.switchboard.auth.ApiKeyStore.ApiKey;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/api-keys}: the organization's API keys for integrations and scripts. */
public final class ApiKeyEndpoint implements Endpoint {

    private final ApiKeyService keys;
    private final ApiRoutes routes;

    public ApiKeyEndpoint(ApiKeyService keys, ApiRoutes routes) {
        this.keys = keys;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/api-keys", this::list);
        routes.post(router, "/api/v1/api-keys", this::create);
        routes.get(router, "/api/v1/api-keys/:id", this::get);
        routes.delete(router, "/api/v1/api-keys/:id", this::revoke);
    }

    @Override
    public String openApiFragment() {
        return "openapi/api-keys.json";
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.requiredString("name", 200);
        if (body.getValue("permissions") == null) {
            v.fail("permissions", "is required: the permissions the key may use");
        }
        List<String> permissions = v.stringList("permissions", Permission.ALL);
        OffsetDateTime expiresAt = v.timestamp(body.getValue("expiresAt"), "expiresAt");
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
            v.fail("expiresAt", "must be in the future");
        }
        v.check();
        Responses.replyCreated(ctx, keys.create(Principal.of(ctx), name, Set.copyOf(permissions), expiresAt), json -> json);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, keys.list(Principal.of(ctx), page), page, ApiKey::toJson, ApiKey::id);
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, keys.get(Principal.of(ctx), keyId(ctx)), ApiKey::toJson);
    }

    private void revoke(RoutingContext ctx) {
        Responses.replyNoContent(ctx, keys.revoke(Principal.of(ctx), keyId(ctx)));
    }

    private static UUID keyId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "API key");
    }
}
