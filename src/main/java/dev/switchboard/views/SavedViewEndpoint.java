package dev.switchboard.views;

import dev.switchboard.platform.error.ApiException;
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

/** {@code /api/v1/saved-views}: named filter and sort sets of record lists, private or shared. */
public final class SavedViewEndpoint implements Endpoint {

    private final SavedViewService views;
    private final ApiRoutes routes;

    public SavedViewEndpoint(SavedViewService views, ApiRoutes routes) {
        this.views = views;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/saved-views", this::list);
        routes.post(router, "/api/v1/saved-views", this::create);
        routes.get(router, "/api/v1/saved-views/:id", this::get);
        routes.patch(router, "/api/v1/saved-views/:id", this::update);
        routes.delete(router, "/api/v1/saved-views/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/saved-views.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, false);
        String resourceType = ctx.queryParams().get("resourceType");
        if (resourceType != null && !SavedViewInput.RESOURCE_TYPES.contains(resourceType)) {
            throw ApiException.invalid("resourceType", "must be one of "
                    + String.join(", ", SavedViewInput.RESOURCE_TYPES.stream().sorted().toList()));
        }
        Responses.replyPage(ctx, views.list(Principal.of(ctx), resourceType, page), page, SavedView::toJson, SavedView::id);
    }

    private void create(RoutingContext ctx) {
        SavedViewInput input = input(Requests.jsonBody(ctx), false);
        Responses.replyCreated(ctx, views.create(Principal.of(ctx), input), SavedView::toJson);
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, views.get(Principal.of(ctx), viewId(ctx)), SavedView::toJson, SavedView::version);
    }

    private void update(RoutingContext ctx) {
        UUID id = viewId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        SavedViewInput input = input(body, true);
        Responses.replyVersioned(ctx, views.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)),
                SavedView::toJson, SavedView::version);
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, views.delete(Principal.of(ctx), viewId(ctx)));
    }

    private static SavedViewInput input(JsonObject body, boolean partial) {
        Validator v = new Validator(body);
        SavedViewInput input = SavedViewInput.parse(body, v, partial);
        v.check();
        return input;
    }

    private static UUID viewId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "saved view");
    }
}
