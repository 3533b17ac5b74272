package dev.switchboard.realtime;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/presence}: who in the organization is online, away, busy, dnd or offline. */
public final class PresenceEndpoint implements Endpoint {

    private final PresenceService presence;
    private final ApiRoutes routes;

    public PresenceEndpoint(PresenceService presence, ApiRoutes routes) {
        this.presence = presence;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/presence", this::list);
    }

    @Override
    public String openApiFragment() {
        return "openapi/realtime.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, presence.list(Principal.of(ctx), page), page, PresenceService.Entry::toJson,
                PresenceService.Entry::userId);
    }
}
