package dev.switchboard.workflows;

import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.NewJob;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Starts runs inside the caller's transaction: a queued run and its durable {@code workflow.run} job, or,
 * past the chain depth limit, a stopped run that records why and runs nothing. A second launch with the
 * same dedupe key does nothing.
 */
final class RunLauncher {

    static final String JOB_KIND = "workflow.run";

    private final JobQueue jobs;
    private final Clock clock;
    private final int maxDepth;

    RunLauncher(JobQueue jobs, Clock clock, int maxDepth) {
        this.jobs = jobs;
        this.clock = clock;
        this.maxDepth = maxDepth;
    }

    /** Where a run sits in a chain of automation: 0 for a person's change, one more for each run that caused the next. */
    record Chain(int depth, UUID originEventId) {
    }

    /** What started a run. */
    record Start(String trigger, UUID eventId, String entityType, UUID entityId, JsonObject input, Chain chain, String dedupeKey) {
    }

    /** True when a run was recorded (queued or stopped); false when the dedupe key had one already. */
    Future<Boolean> launch(SqlConnection conn, Workflow w, Start s) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        boolean stopped = s.chain().depth() > maxDepth;
        String error = stopped ? "stopped: chain depth limit " + maxDepth + " reached (origin event " + s.chain().originEventId()
                + "); a workflow action caused this trigger " + s.chain().depth() + " times in a row" : null;
        Run run = new Run(w.tenantId(), Ids.next(), w.id(), w.version(), s.trigger(), s.eventId(), s.entityType(), s.entityId(),
                s.input(), stopped ? Run.STOPPED : Run.QUEUED, s.chain().depth(), s.chain().originEventId(), error, now,
                stopped ? now : null);
        String key = "workflow:" + w.id() + ":" + s.dedupeKey();
        return RunStore.insert(conn, run, key).compose(inserted -> !inserted || stopped ? Future.succeededFuture(inserted)
                : jobs.enqueue(conn, w.tenantId(), NewJob.of(JOB_KIND, new JsonObject().put("runId", run.id().toString()))
                        .dedupedBy(key)).map(true));
    }
}
