package dev.switchboard.contacts;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.labels.LabelFilter;
import dev.switchboard.platform.db.Ids;
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
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/contacts}: create, read, search, update, archive, restore and merge contacts. */
public final class ContactEndpoint implements Endpoint {

    private static final int MAX_QUERY_LENGTH = 200;

    private final ContactService contacts;
    private final DuplicateMergeService merges;
    private final ApiRoutes routes;

    public ContactEndpoint(ContactService contacts, DuplicateMergeService merges, ApiRoutes routes) {
        this.contacts = contacts;
        this.merges = merges;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/contacts", this::list);
        routes.post(router, "/api/v1/contacts", this::create);
        routes.get(router, "/api/v1/contacts/:id", this::get);
        routes.patch(router, "/api/v1/contacts/:id", this::update);
        routes.post(router, "/api/v1/contacts/:id/archive", this::archive);
        routes.post(router, "/api/v1/contacts/:id/restore", this::restore);
        routes.post(router, "/api/v1/contacts/:id/merge", this::merge);
    }

    @Override
    public String openApiFragment() {
        return "openapi/contacts.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, false, CustomFieldFilter.PREFIX);
        Responses.replyPage(ctx, contacts.list(Principal.of(ctx), filter(ctx.queryParams()), ctx.queryParams(), page), page,
                Contact::toJson, Contact::id, c -> CustomFieldSort.value(page, c.values().customFields()));
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        ContactInput input = ContactInput.parse(body, v);
        v.check();
        Responses.replyCreated(ctx, contacts.create(Principal.of(ctx), input), Contact::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, contacts.get(Principal.of(ctx), contactId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = contactId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        ContactInput input = ContactInput.parse(body, v);
        v.check();
        reply(ctx, contacts.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)));
    }

    private void archive(RoutingContext ctx) {
        UUID id = contactId(ctx);
        reply(ctx, contacts.archive(Principal.of(ctx), id, ExpectedVersion.of(ctx, Requests.optionalJsonBody(ctx))));
    }

    private void restore(RoutingContext ctx) {
        UUID id = contactId(ctx);
        reply(ctx, contacts.restore(Principal.of(ctx), id, ExpectedVersion.of(ctx, Requests.optionalJsonBody(ctx))));
    }

    private void merge(RoutingContext ctx) {
        UUID id = contactId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        DuplicateMergeInput input = DuplicateMergeInput.parse(body, v);
        v.check();
        reply(ctx, merges.merge(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)));
    }

    static ContactFilter filter(MultiMap params) {
        String q = blankToNull(params.get("q"));
        if (q != null && q.length() > MAX_QUERY_LENGTH) {
            throw ApiException.invalid("q", "must be at most " + MAX_QUERY_LENGTH + " characters");
        }
        String owner = blankToNull(params.get("ownerUserId"));
        UUID ownerUserId = owner == null ? null : Ids.parse(owner);
        if (owner != null && ownerUserId == null) {
            throw ApiException.invalid("ownerUserId", "must be a UUID");
        }
        String archived = params.get("archived");
        if (archived != null && !archived.equals("true") && !archived.equals("false")) {
            throw ApiException.invalid("archived", "must be true or false");
        }
        return new ContactFilter(q, blankToNull(params.get("tag")), ownerUserId, "true".equals(archived), LabelFilter.ids(params));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static UUID contactId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "contact");
    }

    private static void reply(RoutingContext ctx, Future<Contact> contact) {
        Responses.replyVersioned(ctx, contact, c -> c.toJson(), c -> c.version());
    }
}
