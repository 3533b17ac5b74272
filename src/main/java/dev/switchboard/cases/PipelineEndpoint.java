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

/** {@code /api/v1/pipelines}: case pipelines, their stages and allowed transitions. */
public final class PipelineEndpoint implements Endpoint {

    private final PipelineService pipelines;
    private final ApiRoutes routes;

    public PipelineEndpoint(PipelineService pipelines, ApiRoutes routes) {
        this.pipelines = pipelines;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/pipelines", this::list);
        routes.post(router, "/api/v1/pipelines", this::create);
        routes.get(router, "/api/v1/pipelines/:id", this::get);
        routes.patch(router, "/api/v1/pipelines/:id", this::update);
        routes.delete(router, "/api/v1/pipelines/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/pipelines.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, pipelines.list(Principal.of(ctx), page), page, Pipeline::toJson, Pipeline::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        PipelineInput input = PipelineInput.parse(body, v);
        v.check();
        Responses.replyCreated(ctx, pipelines.create(Principal.of(ctx), input), Pipeline::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, pipelines.get(Principal.of(ctx), pipelineId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = pipelineId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        PipelineInput input = PipelineInput.parsePatch(body, v);
        v.check();
        reply(ctx, pipelines.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, pipelines.delete(Principal.of(ctx), pipelineId(ctx)));
    }

    private static UUID pipelineId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "pipeline");
    }

    private static void reply(RoutingContext ctx, Future<Pipeline> pipeline) {
        Responses.replyVersioned(ctx, pipeline, p -> p.toJson(), p -> p.version());
    }
}
