package dev.switchboard.workflows;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobFailure;
import dev.switchboard.platform.events.Batch;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The actions whose whole effect is rows of this database written on the caller's connection, so a step runs
 * inside the transaction that records it (and a run of nothing else inside the transaction that launched it):
 * {@code notify}. Actions that go through another feature's service ({@code create_task}, {@code add_note},
 * {@code update_field}, {@code assign}) can join once that service takes the caller's connection; until then
 * they, and the actions that call the outside world, run from the job queue through {@link Actions}.
 */
final class LocalActions {

    static final Set<String> TYPES = Set.of("notify");

    private final Changes changes;

    LocalActions(Changes changes) {
        this.changes = changes;
    }

    /** Whether every one of {@code actions} is local, so the whole run can happen in one transaction. */
    static boolean all(List<JsonObject> actions) {
        return actions.stream().allMatch(LocalActions::handles);
    }

    static boolean handles(JsonObject action) {
        return TYPES.contains(action.getString("type"));
    }

    /** Performs {@code step} on {@code conn}; {@code shared} memoizes reads the runs of one transaction have in common. */
    Future<Actions.StepResult> perform(SqlConnection conn, Principal p, Run run, JsonObject step, Batch shared) {
        return switch (step.getString("type")) {
            case "notify" -> notify(conn, p, run, step, shared);
            default -> Future.failedFuture(JobFailure.permanent("not a local action: " + step.getString("type")));
        };
    }

    private Future<Actions.StepResult> notify(SqlConnection conn, Principal p, Run run, JsonObject step, Batch shared) {
        List<UUID> users = step.getJsonArray("userIds", new JsonArray()).stream().map(u -> UUID.fromString((String) u)).toList();
        if (users.isEmpty()) {
            return Future.succeededFuture(Actions.StepResult.skipped("no recipient on the record"));
        }
        return optedOut(conn, shared, p.tenantId(), OptOuts.NOTIFICATIONS).compose(out -> {
            JsonArray to = new JsonArray();
            JsonArray skipped = new JsonArray();
            users.forEach(u -> (out.contains(u) ? skipped : to).add(u.toString()));
            if (to.isEmpty()) {
                return Future.succeededFuture(Actions.StepResult.skipped("every recipient opted out of automation notifications"));
            }
            JsonObject details = new JsonObject().put("userIds", to).put("title", step.getString("title"))
                    .put("body", step.getString("body")).put("workflowId", run.workflowId().toString()).put("recordType", run.entityType())
                    .put("recordId", run.entityId() == null ? null : run.entityId().toString());
            return changes.record(conn, p, new Change("workflow.notified", "workflow_run", run.id(), null, null, details))
                    .map(Actions.StepResult.done(new JsonObject().put("userIds", to).put("optedOutUserIds", skipped)));
        });
    }

    /** The users of {@code tenantId} who opted out of {@code kind}, read once per transaction. */
    static Future<Set<UUID>> optedOut(SqlConnection conn, Batch shared, UUID tenantId, String kind) {
        return shared.once(new OptOutKey(tenantId, kind), () -> OptOuts.allOptedOut(conn, tenantId, kind));
    }

    private record OptOutKey(UUID tenantId, String kind) {
    }
}
