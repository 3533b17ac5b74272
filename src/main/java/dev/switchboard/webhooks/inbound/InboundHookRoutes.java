package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/inbound-webhooks}: the organization's hooks others POST signed events to. */
public final class InboundHookRoutes implements Endpoint {

    private final InboundHookService hooks;
    private final ApiRoutes routes;

    public InboundHookRoutes(InboundHookService hooks, ApiRoutes routes) {
        this.hooks = hooks;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/inbound-webhooks", this::list);
        routes.post(router, "/api/v1/inbound-webhooks", this::create);
        routes.get(router, "/api/v1/inbound-webhooks/:id", this::get);
        routes.patch(router, "/api/v1/inbound-webhooks/:id", this::update);
        routes.delete(router, "/api/v1/inbound-webhooks/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/inbound-webhooks.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, hooks.list(Principal.of(ctx), page), page, InboundHook::toJson, InboundHook::id);
    }

    private void create(RoutingContext ctx) {
        InboundHookService.Settings settings = settings(Requests.jsonBody(ctx), true);
        Responses.replyCreated(ctx, hooks.create(Principal.of(ctx), settings), InboundHook::toJsonWithSecret);
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, hooks.get(Principal.of(ctx), hookId(ctx)), h -> h.toJson(), h -> h.version());
    }

    private void update(RoutingContext ctx) {
        UUID id = hookId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        InboundHookService.Settings settings = settings(body, false);
        Responses.replyVersioned(ctx, hooks.update(Principal.of(ctx), id, settings, ExpectedVersion.of(ctx, body)), h -> h.toJson(), h -> h.version());
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, hooks.delete(Principal.of(ctx), hookId(ctx)));
    }

    private static InboundHookService.Settings settings(JsonObject body, boolean nameRequired) {
        Validator v = new Validator(body);
        String name = nameRequired ? v.requiredString("name", 200) : v.optionalString("name", 200);
        Object enabled = body.getValue("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            v.fail("enabled", "must be true or false");
        }
        v.check();
        return new InboundHookService.Settings(name, (Boolean) enabled);
    }

    private static UUID hookId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "inbound webhook");
    }
}
