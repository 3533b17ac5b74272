package dev.switchboard.cases;

import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/queues}: queues cases wait in until claimed. */
public final class QueueEndpoint implements Endpoint {

    private final QueueService queues;
    private final ApiRoutes routes;

    public QueueEndpoint(QueueService queues, ApiRoutes routes) {
        this.queues = queues;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/queues", this::list);
        routes.post(router, "/api/v1/queues", this::create);
        routes.get(router, "/api/v1/queues/:id", this::get);
        routes.patch(router, "/api/v1/queues/:id", this::update);
        routes.delete(router, "/api/v1/queues/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/queues.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, queues.list(Principal.of(ctx), page), page, CaseQueue::toJson, CaseQueue::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String name = v.requiredString("name", 100);
        String description = v.optionalString("description", 1000);
        UUID teamId = CaseFields.uuid(body, "teamId", v);
        v.check();
        Responses.replyCreated(ctx, queues.create(Principal.of(ctx), name, description, teamId), CaseQueue::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, queues.get(Principal.of(ctx), queueId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = queueId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        // a partial update: the fields left out keep their value
        java.util.Set<String> present = new java.util.HashSet<>();
        body.fieldNames().stream().filter(java.util.Set.of("name", "description", "teamId")::contains).forEach(present::add);
        String name = present.contains("name") ? v.requiredString("name", 100) : null;
        String description = v.optionalString("description", 1000);
        UUID teamId = CaseFields.uuid(body, "teamId", v);
        if (present.isEmpty()) {
            v.fail("body", "names no field to change (name, description, teamId)");
        }
        v.check();
        reply(ctx, queues.update(Principal.of(ctx), id, new QueueService.Patch(present, name, description, teamId),
                ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, queues.delete(Principal.of(ctx), queueId(ctx)));
    }

    private static UUID queueId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "queue");
    }

    private static void reply(RoutingContext ctx, Future<CaseQueue> queue) {
        Responses.replyVersioned(ctx, queue, q -> q.toJson(), q -> q.version());
    }
}
