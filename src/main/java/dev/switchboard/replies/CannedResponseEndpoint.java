package dev.switchboard.replies;

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
import java.util.Set;
import java.util.UUID;

/** {@code /api/v1/canned-responses}: search, create, read, edit and delete reply templates, and fill one for a conversation. */
public final class CannedResponseEndpoint implements Endpoint {

    private static final String COLLECTION = "/api/v1/canned-responses";
    private static final int MAX_QUERY = 200;

    private final CannedResponseService responses;
    private final ApiRoutes routes;

    public CannedResponseEndpoint(CannedResponseService responses, ApiRoutes routes) {
        this.responses = responses;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, COLLECTION, this::list);
        routes.post(router, COLLECTION, this::create);
        routes.get(router, COLLECTION + "/:id", this::get);
        routes.patch(router, COLLECTION + "/:id", this::update);
        routes.delete(router, COLLECTION + "/:id", this::delete);
        routes.post(router, COLLECTION + "/:id/render", this::render);
    }

    @Override
    public String openApiFragment() {
        return "openapi/canned-responses.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        JsonObject query = new JsonObject().put("q", ctx.queryParams().get("q")).put("scope", ctx.queryParams().get("scope"));
        Validator v = new Validator(query);
        // an empty search box lists everything
        String q = query.getString("q") == null || query.getString("q").isBlank() ? null : v.optionalString("q", MAX_QUERY);
        String scope = query.getValue("scope") == null ? null
                : v.oneOf("scope", Set.of(CannedResponse.ORGANIZATION, CannedResponse.PERSONAL));
        v.check();
        Responses.replyPage(ctx, responses.list(Principal.of(ctx), scope, q, page), page, CannedResponse::toJson, CannedResponse::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        CannedResponseInput input = CannedResponseInput.parse(body, v, true);
        v.check();
        Responses.replyCreated(ctx, responses.create(Principal.of(ctx), input), CannedResponse::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, responses.get(Principal.of(ctx), id(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = id(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        CannedResponseInput input = CannedResponseInput.parse(body, v, false);
        v.check();
        reply(ctx, responses.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, responses.delete(Principal.of(ctx), id(ctx)));
    }

    private void render(RoutingContext ctx) {
        UUID id = id(ctx);
        JsonObject body = Requests.optionalJsonBody(ctx);
        Validator v = new Validator(body);
        UUID conversationId = v.optionalUuid("conversationId");
        UUID contactId = v.optionalUuid("contactId");
        v.check();
        Responses.reply(ctx, responses.render(Principal.of(ctx), id, conversationId, contactId),
                rendered -> new JsonObject().put("id", id.toString()).put("body", rendered));
    }

    private static UUID id(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "canned response");
    }

    private static void reply(RoutingContext ctx, Future<CannedResponse> response) {
        Responses.replyVersioned(ctx, response, CannedResponse::toJson, CannedResponse::version);
    }
}
