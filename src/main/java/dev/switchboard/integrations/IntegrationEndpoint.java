package dev.switchboard.integrations;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/** {@code /api/v1/integrations}: the organization's Meta and Resend credentials, write-only. */
public final class IntegrationEndpoint implements Endpoint {

    private static final int MAX_SECRET_LENGTH = 1000;

    private final IntegrationService integrations;
    private final ApiRoutes routes;

    public IntegrationEndpoint(IntegrationService integrations, ApiRoutes routes) {
        this.integrations = integrations;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/integrations", this::get);
        routes.patch(router, "/api/v1/integrations", this::update);
    }

    @Override
    public String openApiFragment() {
        return "openapi/integrations.json";
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, integrations.get(Principal.of(ctx)), s -> s.toJson(), s -> s.version());
    }

    private void update(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        Map<String, String> patch = new HashMap<>();
        for (String field : IntegrationSettings.FIELDS) {
            if (body.containsKey(field)) {
                patch.put(field, v.optionalString(field, MAX_SECRET_LENGTH));
            }
        }
        v.check();
        ExpectedVersion expected = ExpectedVersion.of(ctx, body);
        Responses.replyVersioned(ctx, integrations.update(Principal.of(ctx), patch, expected), s -> s.toJson(), s -> s.version());
    }
}
