package dev.switchboard.notes;

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

/** {@code /api/v1/notes}: notes on any record; list a record's notes, attach, read, edit and delete one. */
public final class NoteEndpoint implements Endpoint {

    private final NoteService notes;
    private final ApiRoutes routes;

    public NoteEndpoint(NoteService notes, ApiRoutes routes) {
        this.notes = notes;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/notes", this::list);
        routes.post(router, "/api/v1/notes", this::create);
        routes.get(router, "/api/v1/notes/:id", this::get);
        routes.patch(router, "/api/v1/notes/:id", this::update);
        routes.delete(router, "/api/v1/notes/:id", this::delete);
    }

    @Override
    public String openApiFragment() {
        return "openapi/notes.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        JsonObject query = new JsonObject().put("entityType", ctx.queryParams().get("entityType"))
                .put("entityId", ctx.queryParams().get("entityId"));
        Validator v = new Validator(query);
        String entityType = v.requiredString("entityType", 40);
        UUID entityId = entityId(query, v);
        v.check();
        Responses.replyPage(ctx, notes.list(Principal.of(ctx), entityType, entityId, page), page, Note::toJson, Note::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        String entityType = v.requiredString("entityType", 40);
        UUID entityId = entityId(body, v);
        NoteInput input = NoteInput.parse(body, v, true);
        v.check();
        Responses.replyCreated(ctx, notes.create(Principal.of(ctx), entityType, entityId, input), Note::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, notes.get(Principal.of(ctx), noteId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = noteId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        NoteInput input = NoteInput.parse(body, v, false);
        v.check();
        reply(ctx, notes.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, notes.delete(Principal.of(ctx), noteId(ctx)));
    }

    private static UUID entityId(JsonObject source, Validator v) {
        if (source.getValue("entityId") == null) {
            v.fail("entityId", "is required");
            return null;
        }
        return NoteInput.uuid(source, v, "entityId");
    }

    private static UUID noteId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "note");
    }

    private static void reply(RoutingContext ctx, Future<Note> note) {
        Responses.replyVersioned(ctx, note, n -> n.toJson(), n -> n.version());
    }
}
