package dev.switchboard.workflows;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Execution history (runs and their steps; {@code workflows.manage}) and each user's own automation
 * opt-outs (any signed-in staff user, for themselves only).
 */
public final class RunService {

    private final Db db;
    private final Changes changes;
    private final Clock clock;

    public RunService(Db db, Changes changes, Clock clock) {
        this.db = db;
        this.changes = changes;
        this.clock = clock;
    }

    Future<List<Run>> list(Principal p, UUID workflowId, String status, Pages page) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> RunStore.list(conn, p.tenantId(), workflowId, status, page));
    }

    /** The run with its steps; 404 when it is not in the caller's organization. */
    Future<JsonObject> get(Principal p, UUID id) {
        p.require(Permission.WORKFLOWS_MANAGE);
        return db.inTenant(p.tenantId(), conn -> RunStore.find(conn, p.tenantId(), id).compose(run -> run == null
                ? Future.failedFuture(ApiException.notFound("workflow run"))
                : RunStore.steps(conn, p.tenantId(), id).map(steps -> run.toJson().put("steps", new JsonArray(List.copyOf(steps))))));
    }

    /** The caller's opt-outs. Portal customers have none to manage (403). */
    Future<JsonObject> optOuts(Principal p) {
        requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> OptOuts.find(conn, p.tenantId(), p.userId()));
    }

    /** Replaces the caller's opt-outs; recorded as {@code workflow_opt_out.updated} on the user. */
    Future<JsonObject> saveOptOuts(Principal p, boolean notifications, boolean emails, boolean assignments) {
        requireStaff(p);
        return db.inTenant(p.tenantId(), conn -> OptOuts.find(conn, p.tenantId(), p.userId()).compose(before ->
                OptOuts.save(conn, p.tenantId(), p.userId(), notifications, emails, assignments, clock.instant().atOffset(ZoneOffset.UTC))
                        .compose(v -> OptOuts.find(conn, p.tenantId(), p.userId()))
                        .compose(after -> changes.record(conn, p, Change.updated("workflow_opt_out.updated", "user", p.userId(),
                                view(before), view(after))).map(after))));
    }

    private static JsonObject view(JsonObject optOuts) {
        JsonObject out = optOuts.copy();
        out.remove("updatedAt");
        return out;
    }

    private static void requireStaff(Principal p) {
        if (p.isCustomer()) {
            throw ApiException.forbidden("portal users have no automation settings");
        }
    }
}
