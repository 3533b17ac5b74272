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

/** {@code GET /api/v1/timeline/{entityType}/{entityId}}: one record's history, newest first; and rebuilds of the projection. */
final class TimelineEndpoint implements Endpoint {

    private final TimelineService timeline;
    private final TimelineRebuildService rebuilds;
    private final ApiRoutes routes;

    TimelineEndpoint(TimelineService timeline, TimelineRebuildService rebuilds, ApiRoutes routes) {
        this.timeline = timeline;
        this.rebuilds = rebuilds;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/timeline/:entityType/:entityId", this::get);
        routes.post(router, "/api/v1/timeline-rebuilds", this::rebuild);
        routes.get(router, "/api/v1/timeline-rebuilds/:id", this::rebuildStatus);
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
        Responses.then(ctx, timeline.page(Principal.of(ctx), new Target(type, id), query), page -> {
            JsonArray items = new JsonArray();
            page.items().forEach(e -> items.add(e.toJson()));
            Responses.page(ctx, items, page.next() == null ? null : page.next().encode());
        });
    }

    private void rebuild(RoutingContext ctx) {
        Responses.replyCreated(ctx, rebuilds.request(Principal.of(ctx)), TimelineRebuild::toJson);
    }

    private void rebuildStatus(RoutingContext ctx) {
        UUID id = uuid(ctx.pathParam("id"));
        if (id == null) {
            throw ApiException.notFound("timeline rebuild");
        }
        Responses.reply(ctx, rebuilds.get(Principal.of(ctx), id), TimelineRebuild::toJson);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
