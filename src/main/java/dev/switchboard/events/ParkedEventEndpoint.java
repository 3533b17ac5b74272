package dev.switchboard.events;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code /api/v1/events/parked}: events the work consumers gave up on, and retrying them. */
public final class ParkedEventEndpoint implements Endpoint {

    private final ParkedEventService parked;
    private final ApiRoutes routes;

    public ParkedEventEndpoint(ParkedEventService parked, ApiRoutes routes) {
        this.parked = parked;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/events/parked", this::list);
        routes.post(router, "/api/v1/events/parked/:id/retry", this::retry);
    }

    @Override
    public String openApiFragment() {
        return "openapi/parked-events.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        String consumer = ctx.queryParams().get("consumer");
        Responses.replyPage(ctx, parked.list(Principal.of(ctx), consumer, page), page, ParkedEvent::toJson, ParkedEvent::id);
    }

    private void retry(RoutingContext ctx) {
        Responses.reply(ctx, parked.retry(Principal.of(ctx), Requests.pathId(ctx, "id", "parked event")), ParkedEvent::toJson);
    }
}
