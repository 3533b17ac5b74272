package dev.switchboard.jobs;

import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records how a claimed job's run ended, guarded by the worker's id and the attempt: success, another attempt after
 * the kind's backoff, or the dead letters (with the handler's {@code onDead} in the same transaction).
 */
final class JobOutcomes {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);

    private final Db db;
    private final JobHandlers handlers;
    private final JobMetrics metrics;
    private final Clock clock;
    private final String workerId;

    JobOutcomes(Db db, JobHandlers handlers, JobMetrics metrics, Clock clock, String workerId) {
        this.db = db;
        this.handlers = handlers;
        this.metrics = metrics;
        this.clock = clock;
        this.workerId = workerId;
    }

    Future<Void> succeeded(Job job) {
        return db.inTenant(job.tenantId(), conn -> JobStore.succeed(conn, job, workerId, clock.instant()))
                .map(recorded -> count(job, recorded, JobMetrics.Outcome.SUCCEEDED));
    }

    Future<Void> failed(Job job, Throwable cause) {
        String error = describe(cause);
        boolean permanent = cause instanceof JobFailure f && f.isPermanent();
        if (permanent || job.lastAttempt()) {
            JobHandler handler = handlers.find(job.kind());
            return db.inTenant(job.tenantId(), conn -> JobStore.bury(conn, job, workerId, clock.instant(), error)
                            .compose(buried -> buried && handler != null
                                    ? handler.onDead(conn, job, error).map(true) : Future.succeededFuture(buried)))
                    .map(recorded -> {
                        if (recorded) {
                            log.warn("job dead [tenant: {}, job: {}, kind: {}, attempts: {}]: {}", job.tenantId(), job.id(),
                                    job.kind(), job.attempts(), error);
                        }
                        return count(job, recorded, JobMetrics.Outcome.DEAD);
                    });
        }
        Instant next = clock.instant().plus(handlers.policy(job.kind()).delayAfter(job.attempts()));
        return db.inTenant(job.tenantId(), conn -> JobStore.reschedule(conn, job, workerId, next, error))
                .map(recorded -> count(job, recorded, JobMetrics.Outcome.RETRIED));
    }

    /** Gives a claimed, never started job back to the queue; its attempt does not count. */
    Future<Void> release(Job job) {
        return db.inTenant(job.tenantId(), conn -> JobStore.release(conn, job, workerId)).mapEmpty();
    }

    private Void count(Job job, boolean recorded, JobMetrics.Outcome outcome) {
        metrics.ran(job.kind(), recorded ? outcome : JobMetrics.Outcome.LOST);
        if (!recorded) {
            log.info("job outcome dropped: lease lost [tenant: {}, job: {}]", job.tenantId(), job.id());
        }
        return null;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}
