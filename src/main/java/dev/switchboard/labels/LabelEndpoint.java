package dev.switchboard.labels;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/labels}, and the labels of contacts, cases and conversations ({@code /api/v1/{records}/{id}/labels}). */
public final class LabelEndpoint implements Endpoint {

    private static final int MAX_QUERY_LENGTH = 100;

    private final LabelService labels;
    private final ApiRoutes routes;

    public LabelEndpoint(LabelService labels, ApiRoutes routes) {
        this.labels = labels;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/labels", this::list);
        routes.post(router, "/api/v1/labels", this::create);
        routes.get(router, "/api/v1/labels/:id", this::get);
        routes.patch(router, "/api/v1/labels/:id", this::update);
        routes.delete(router, "/api/v1/labels/:id", this::delete);
        for (LabeledType type : LabeledType.values()) {
            String base = "/api/v1/" + type.segment() + "/:id/labels";
            routes.get(router, base, ctx -> ofRecord(ctx, type));
            routes.put(router, base + "/:labelId", ctx -> apply(ctx, type));
            routes.delete(router, base + "/:labelId", ctx -> remove(ctx, type));
        }
    }

    @Override
    public String openApiFragment() {
        return "openapi/labels.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        String q = ctx.queryParams().get("q");
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        Responses.replyPage(ctx, labels.list(Principal.of(ctx), q == null || q.isBlank() ? null : q.trim(), page), page,
                Label::toJson, Label::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        LabelInput input = LabelInput.create(body, v);
        v.check();
        Responses.replyCreated(ctx, labels.create(Principal.of(ctx), input), Label::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, labels.get(Principal.of(ctx), labelId(ctx, "id")));
    }

    private void update(RoutingContext ctx) {
        UUID id = labelId(ctx, "id");
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        LabelInput patch = LabelInput.patch(body, v);
        v.check();
        reply(ctx, labels.update(Principal.of(ctx), id, patch, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, labels.delete(Principal.of(ctx), labelId(ctx, "id")));
    }

    private void ofRecord(RoutingContext ctx, LabeledType type) {
        UUID recordId = Requests.pathId(ctx, "id", type.type());
        Responses.then(ctx, labels.ofRecord(Principal.of(ctx), type, recordId), list -> {
            JsonArray items = new JsonArray();
            list.forEach(label -> items.add(label.toJson()));
            Responses.page(ctx, items, null);
        });
    }

    private void apply(RoutingContext ctx, LabeledType type) {
        UUID recordId = Requests.pathId(ctx, "id", type.type());
        Responses.replyNoContent(ctx, labels.apply(Principal.of(ctx), type, recordId, labelId(ctx, "labelId")));
    }

    private void remove(RoutingContext ctx, LabeledType type) {
        UUID recordId = Requests.pathId(ctx, "id", type.type());
        Responses.replyNoContent(ctx, labels.remove(Principal.of(ctx), type, recordId, labelId(ctx, "labelId")));
    }

    private static UUID labelId(RoutingContext ctx, String param) {
        return Requests.pathId(ctx, param, "label");
    }

    private static void reply(RoutingContext ctx, Future<Label> label) {
        Responses.replyVersioned(ctx, label, Label::toJson, Label::version);
    }
}
