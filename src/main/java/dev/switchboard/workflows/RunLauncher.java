package dev.switchboard.workflows;

import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.events.Batch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Starts runs inside the caller's transaction. A run whose actions are all local runs there and then (when the
 * caller allows it), so it commits with its trigger; any other run is queued with its durable
 * {@code workflow.run} job. Past the loop limits (the chain depth, and the total number of runs one change may
 * cause through automation) the run is recorded as stopped, with the reason, and runs nothing. A second launch
 * with the same dedupe key does nothing.
 */
final class RunLauncher {

    static final String JOB_KIND = "workflow.run";
    private final JobQueue jobs;
    private final InlineRuns inline;
    private final SweeperMetrics metrics;
    private final Clock clock;
    private final int maxDepth;
    private final int maxRunsPerOrigin;

    /**
     * @param maxRunsPerOrigin the most runs one originating change may cause in all, counting every run of its chains
     *                         whatever their depth. Runs the change triggers directly always start (one per matching
     *                         workflow); runs caused by automation beyond this total are stopped, so a workflow whose
     *                         actions trigger it more than once cannot fan out without end.
     */
    RunLauncher(JobQueue jobs, InlineRuns inline, SweeperMetrics metrics, Clock clock, int maxDepth, int maxRunsPerOrigin) {
        this.jobs = jobs;
        this.inline = inline;
        this.metrics = metrics;
        this.clock = clock;
        this.maxDepth = maxDepth;
        this.maxRunsPerOrigin = maxRunsPerOrigin;
    }

    /** Where a run sits in a chain of automation: 0 for a person's change, one more for each run that caused the next. */
    record Chain(int depth, UUID originEventId) {
    }

    /** What started a run. */
    record Start(String trigger, UUID eventId, String entityType, UUID entityId, JsonObject input, Chain chain, String dedupeKey) {
    }

    /**
     * The transaction runs are launched in: its connection, the reads its runs share, and whether local runs may
     * run in it at once (not when the caller launches again after such a run broke the transaction).
     */
    record Scope(SqlConnection conn, Batch shared, boolean inline) {

        static Scope inline(SqlConnection conn, Batch shared) {
            return new Scope(conn, shared, true);
        }

        static Scope queued(SqlConnection conn) {
            return new Scope(conn, new Batch(), false);
        }
    }

    /** The job that runs (or resumes) run {@code runId}. */
    static NewJob job(UUID runId, String dedupeKey) {
        return NewJob.of(JOB_KIND, new JsonObject().put("runId", runId.toString())).dedupedBy(dedupeKey);
    }

    /** True when a run was recorded (run, queued or stopped); false when the dedupe key had one already. */
    Future<Boolean> launch(Scope scope, Workflow w, Start s) {
        SqlConnection conn = scope.conn();
        return refusal(conn, w, s).compose(error -> {
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            boolean stopped = error != null;
            boolean atOnce = !stopped && scope.inline() && LocalActions.all(w.definition().actions());
            String status = stopped ? Run.STOPPED : atOnce ? Run.RUNNING : Run.QUEUED;
            Run run = new Run(w.tenantId(), Ids.next(), w.id(), w.version(), s.trigger(), s.eventId(), s.entityType(), s.entityId(),
                    s.input(), status, s.chain().depth(), s.chain().originEventId(), error, now, stopped ? now : null);
            String key = "workflow:" + w.id() + ":" + s.dedupeKey();
            if (atOnce) {
                // the run's row is written when it ended
                return inline.run(conn, w, run, key, scope.shared()).map(v -> {
                    metrics.launched(status);
                    return true;
                });
            }
            return RunStore.insert(conn, run, key).compose(inserted -> {
                if (!inserted) {
                    return Future.succeededFuture(false);
                }
                metrics.launched(status);
                return stopped ? Future.succeededFuture(true) : jobs.enqueue(conn, w.tenantId(), job(run.id(), key)).map(true);
            });
        });
    }

    /** Why the run must not start (it is then recorded as stopped), or null. */
    private Future<String> refusal(SqlConnection conn, Workflow w, Start s) {
        Chain chain = s.chain();
        if (chain.depth() > maxDepth) {
            return Future.succeededFuture("stopped: chain depth limit " + maxDepth + " reached (origin event " + chain.originEventId()
                    + "); a workflow action caused this trigger " + chain.depth() + " times in a row");
        }
        if (chain.depth() == 0 || chain.originEventId() == null) {
            return Future.succeededFuture();
        }
        return RunStore.countByOrigin(conn, w.tenantId(), chain.originEventId()).map(runs -> runs < maxRunsPerOrigin ? null
                : "stopped: run limit " + maxRunsPerOrigin + " reached (origin event " + chain.originEventId() + "); workflow "
                        + "actions caused " + runs + " runs from one change, and this one (depth " + chain.depth() + ") would be one more");
    }
}
