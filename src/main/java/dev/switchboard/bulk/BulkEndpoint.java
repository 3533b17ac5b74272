package dev.switchboard.bulk;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** {@code POST /api/v1/{cases,tasks,conversations}/bulk}: one change to up to 1,000 records, all or nothing. */
public final class BulkEndpoint implements Endpoint {

    private final List<BulkTarget> targets;
    private final ApiRoutes routes;

    public BulkEndpoint(List<BulkTarget> targets, ApiRoutes routes) {
        this.targets = List.copyOf(targets);
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        for (BulkTarget target : targets) {
            routes.post(router, "/api/v1/" + target.segment() + "/bulk", ctx -> apply(ctx, target));
        }
    }

    @Override
    public String openApiFragment() {
        return "openapi/bulk.json";
    }

    private void apply(RoutingContext ctx, BulkTarget target) {
        JsonObject body = Requests.jsonBody(ctx);
        Responses.reply(ctx, target.apply(Principal.of(ctx), body), ids -> {
            JsonArray changed = new JsonArray();
            ids.forEach(id -> changed.add(id.toString()));
            return new JsonObject().put("count", ids.size()).put("ids", changed);
        });
    }
}
