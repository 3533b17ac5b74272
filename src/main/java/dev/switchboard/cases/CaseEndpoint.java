package dev.switchboard.cases;

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
import dev.switchboard.tenancy.Principal;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/cases}: create, list with filters, read, edit, status history and stats. Actions live in {@link CaseActionEndpoint}. */
public final class CaseEndpoint implements Endpoint {

    private final CaseService cases;
    private final ApiRoutes routes;

    public CaseEndpoint(CaseService cases, ApiRoutes routes) {
        this.cases = cases;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/cases", this::list);
        routes.post(router, "/api/v1/cases", this::create);
        routes.get(router, "/api/v1/cases/stats", this::stats);
        routes.get(router, "/api/v1/cases/:id", this::get);
        routes.patch(router, "/api/v1/cases/:id", this::update);
        routes.get(router, "/api/v1/cases/:id/history", this::history);
    }

    @Override
    public String openApiFragment() {
        return "openapi/cases.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true, CustomFieldFilter.PREFIX);
        Responses.replyPage(ctx, cases.list(Principal.of(ctx), filter(ctx.queryParams()), ctx.queryParams(), page), page, Case::toJson, Case::id,
                c -> CustomFieldSort.value(page, c.customFields()));
    }

    private void create(RoutingContext ctx) {
        Responses.replyCreated(ctx, cases.create(Principal.of(ctx), CaseInput.parse(Requests.jsonBody(ctx))), Case::toJson);
    }

    private void stats(RoutingContext ctx) {
        Responses.reply(ctx, cases.stats(Principal.of(ctx)), CaseStats::toJson);
    }

    private void get(RoutingContext ctx) {
        CaseReplies.versioned(ctx, cases.get(Principal.of(ctx), CaseReplies.caseId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = CaseReplies.caseId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        CasePatch patch = CasePatch.parse(body);
        CaseReplies.versioned(ctx, cases.update(Principal.of(ctx), id, patch, ExpectedVersion.of(ctx, body)));
    }

    private void history(RoutingContext ctx) {
        UUID id = CaseReplies.caseId(ctx);
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, cases.history(Principal.of(ctx), id, page), page, StatusEntry::toJson, StatusEntry::id);
    }

    static CaseFilter filter(MultiMap query) {
        String priority = query.get("priority");
        if (priority != null && !Case.PRIORITIES.contains(priority)) {
            throw ApiException.invalid("priority", "must be one of low, normal, high, urgent");
        }
        String archived = query.get("archived");
        if (archived != null && !archived.equals("true") && !archived.equals("false")) {
            throw ApiException.invalid("archived", "must be true or false");
        }
        String q = query.get("q");
        if (q != null && q.length() > 200) {
            throw ApiException.invalid("q", "must be at most 200 characters");
        }
        return new CaseFilter(query.get("stage"), uuidParam(query, "ownerUserId"), uuidParam(query, "ownerQueueId"), priority,
                uuidParam(query, "contactId"), q == null || q.isBlank() ? null : q.trim(), "true".equals(archived),
                LabelFilter.ids(query));
    }

    private static UUID uuidParam(MultiMap query, String name) {
        String value = query.get(name);
        if (value == null) {
            return null;
        }
        UUID id = Ids.parse(value);
        if (id == null) {
            throw ApiException.invalid(name, "must be a UUID");
        }
        return id;
    }
}
