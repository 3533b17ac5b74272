package dev.switchboard.cases;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Case actions: status changes, handoff decisions, claim and release, archive and restore, bulk assignment. */
public final class CaseActionEndpoint implements Endpoint {

    static final int MAX_BULK = 100;

    private final CaseStatusService status;
    private final CaseAssignmentService assignment;
    private final ApiRoutes routes;

    public CaseActionEndpoint(CaseStatusService status, CaseAssignmentService assignment, ApiRoutes routes) {
        this.status = status;
        this.assignment = assignment;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.post(router, "/api/v1/cases/bulk-assign", this::bulkAssign);
        routes.post(router, "/api/v1/cases/:id/status", this::changeStatus);
        routes.post(router, "/api/v1/cases/:id/handoff/accept", this::acceptHandoff);
        routes.post(router, "/api/v1/cases/:id/handoff/deny", this::denyHandoff);
        routes.post(router, "/api/v1/cases/:id/claim", this::claim);
        routes.post(router, "/api/v1/cases/:id/release", this::release);
        routes.post(router, "/api/v1/cases/:id/archive", this::archive);
        routes.post(router, "/api/v1/cases/:id/restore", this::restore);
    }

    @Override
    public String openApiFragment() {
        return "openapi/case-actions.json";
    }

    private void changeStatus(RoutingContext ctx) {
        UUID id = CaseReplies.caseId(ctx);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String stage = v.requiredString("stage", 40);
        String reason = v.optionalString("reason", 1000);
        v.check();
        CaseReplies.versioned(ctx, status.changeStatus(Principal.of(ctx), id, stage, reason));
    }

    private void acceptHandoff(RoutingContext ctx) {
        CaseReplies.versioned(ctx, status.acceptHandoff(Principal.of(ctx), CaseReplies.caseId(ctx)));
    }

    private void denyHandoff(RoutingContext ctx) {
        UUID id = CaseReplies.caseId(ctx);
        Validator v = new Validator(Requests.jsonBody(ctx));
        String reason = v.requiredString("reason", 1000);
        v.check();
        CaseReplies.versioned(ctx, status.denyHandoff(Principal.of(ctx), id, reason));
    }

    private void claim(RoutingContext ctx) {
        CaseReplies.versioned(ctx, assignment.claim(Principal.of(ctx), CaseReplies.caseId(ctx)));
    }

    private void release(RoutingContext ctx) {
        CaseReplies.versioned(ctx, assignment.release(Principal.of(ctx), CaseReplies.caseId(ctx)));
    }

    private void archive(RoutingContext ctx) {
        UUID id = CaseReplies.caseId(ctx);
        Validator v = new Validator(Requests.optionalJsonBody(ctx));
        String reason = v.optionalString("reason", 1000);
        v.check();
        CaseReplies.versioned(ctx, status.archive(Principal.of(ctx), id, reason));
    }

    private void restore(RoutingContext ctx) {
        CaseReplies.versioned(ctx, status.restore(Principal.of(ctx), CaseReplies.caseId(ctx)));
    }

    private void bulkAssign(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        List<UUID> ids = caseIds(body.getValue("caseIds"), v);
        UUID ownerUserId = CaseFields.uuid(body, "ownerUserId", v);
        UUID ownerQueueId = CaseFields.uuid(body, "ownerQueueId", v);
        if ((ownerUserId == null) == (ownerQueueId == null)) {
            v.fail("ownerUserId", "give exactly one of ownerUserId and ownerQueueId");
        }
        v.check();
        Responses.then(ctx, assignment.bulkAssign(Principal.of(ctx), ids, ownerUserId, ownerQueueId), cases -> {
            JsonArray items = new JsonArray();
            cases.forEach(c -> items.add(c.toJson()));
            Responses.ok(ctx, new JsonObject().put("items", items));
        });
    }

    private static List<UUID> caseIds(Object value, Validator v) {
        if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BULK) {
            v.fail("caseIds", "must be an array of 1 to " + MAX_BULK + " case ids");
            return List.of();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (Object item : array) {
            UUID id = item instanceof String s ? Ids.parse(s) : null;
            if (id == null) {
                v.fail("caseIds", "contains something that is not a UUID: " + item);
                return List.of();
            }
            ids.add(id);
        }
        return new ArrayList<>(ids);
    }
}
