package dev.switchboard.workflows;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.OffsetDateTime;

/**
 * Ends a run, on the caller's connection: its status and error, and {@code workflow.run_completed} or
 * {@code workflow.run_failed} (with the workflow's name, for timelines and webhook consumers). A run that
 * ended already is left as it is.
 */
final class RunOutcomes {

    private final Changes changes;

    RunOutcomes(Changes changes) {
        this.changes = changes;
    }

    /** Ends {@code run}, reading the workflow's name. */
    Future<Void> finish(SqlConnection conn, Run run, String status, String error, OffsetDateTime at) {
        return WorkflowStore.find(conn, run.tenantId(), run.workflowId())
                .compose(workflow -> finish(conn, run, workflow == null ? null : workflow.name(), status, error, at));
    }

    /** Ends {@code run} of the workflow named {@code workflowName}. */
    Future<Void> finish(SqlConnection conn, Run run, String workflowName, String status, String error, OffsetDateTime at) {
        return RunStore.finish(conn, run.tenantId(), run.id(), status, error, at)
                .compose(finished -> finished ? announce(conn, run, workflowName, status, error) : Future.succeededFuture());
    }

    /** Records how {@code run} (as it was before it ended) ended, when its row says so already. */
    Future<Void> announce(SqlConnection conn, Run run, String workflowName, String status, String error) {
        String action = Run.SUCCEEDED.equals(status) ? "workflow.run_completed" : "workflow.run_failed";
        JsonObject before = run.auditView().put("workflowName", workflowName);
        JsonObject after = before.copy().put("status", status).put("error", error);
        return changes.record(conn, run.tenantId(), Actor.SYSTEM, new RequestMeta(run.correlationId(), null, null),
                Change.updated(action, "workflow_run", run.id(), before, after));
    }
}
