package dev.switchboard.timeline;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code GET /api/v1/timeline/{entityType}/{entityId}}: one record's history, newest first. */
final class TimelineEndpoint implements Endpoint {

    private final TimelineService timeline;
    private final ApiRoutes routes;

    TimelineEndpoint(TimelineService timeline, ApiRoutes routes) {
        this.timeline = timeline;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/timeline/:entityType/:entityId", this::get);
    }

    @Override
    public String openApiFragment() {
        return "openapi/timeline.json";
    }

    private void get(RoutingContext ctx) {
        String type = ctx.pathParam("entityType");
        UUID id = uuid(ctx.pathParam("entityId"));
        if (id == null || !TimelineRules.RECORD_TYPES.contains(type)) {
            throw ApiException.notFound("timeline");
        }
        TimelineQuery query = TimelineQuery.of(ctx);
        timeline.page(Principal.of(ctx), new Target(type, id), query).onSuccess(page -> {
            JsonArray items = new JsonArray();
            page.items().forEach(e -> items.add(e.toJson()));
            Responses.page(ctx, items, page.next() == null ? null : page.next().encode());
        }).onFailure(ctx::fail);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
