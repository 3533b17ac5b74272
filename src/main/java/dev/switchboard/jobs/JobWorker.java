package dev.switchboard.jobs;

import dev.switchboard.platform.config.JobsConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.worker.PollingWorker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due jobs of every tenant and runs them through their kind's handler, a few at a time. Any
 * number of workers, on any number of nodes, may run at once: a claim takes rows nobody else holds,
 * and leases them for the visibility timeout. A run that outlives its lease is abandoned (the job may
 * already be running elsewhere). A job whose worker's node died is claimed again as soon as that node is
 * no longer live in the event log's node liveness, without waiting for its lease. On stop, running jobs
 * finish and claimed jobs not yet started are released to the queue.
 */
public final class JobWorker extends PollingWorker {

    /** Local address that wakes the workers after a commit that enqueued jobs. */
    public static final String WAKE_ADDRESS = "switchboard.jobs.wake";

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);
    private static final Duration STATS_INTERVAL = Duration.ofSeconds(1);

    private final Db db;
    private final JobHandlers handlers;
    private final JobOutcomes outcomes;
    private final JobMetrics metrics;
    private final Clock clock;
    private final JobsConfig config;
    private final String workerId = "worker-" + Ids.next();
    private final String node;
    private final Duration nodeTtl;
    private Instant statsAt = Instant.EPOCH;
    private boolean stopping;

    /**
     * @param node    this node's name in the event log's node liveness, recorded on the jobs it claims
     * @param nodeTtl how long a node not seen there counts as alive
     */
    public JobWorker(Db db, JobHandlers handlers, JobMetrics metrics, Clock clock, JobsConfig config, String node, Duration nodeTtl) {
        super("job worker", config.pollInterval(), WAKE_ADDRESS, config.batchSize());
        this.db = db;
        this.handlers = handlers;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
        this.node = node;
        this.nodeTtl = nodeTtl;
        this.outcomes = new JobOutcomes(db, handlers, metrics, clock, workerId);
    }

    public String workerId() {
        return workerId;
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        return super.stop();
    }

    @Override
    protected Future<Integer> runBatch(int limit) {
        if (stopping) {
            return Future.succeededFuture(0);
        }
        Instant now = clock.instant();
        return db.withoutTenant(conn -> refreshStats(conn, now)
                        .compose(v -> JobStore.claim(conn, workerId, node, nodeTtl, now, config.visibilityTimeout().toMillis(), limit)))
                .compose(jobs -> runAll(jobs).map(jobs.size()));
    }

    private Future<Void> refreshStats(SqlConnection conn, Instant now) {
        if (Duration.between(statsAt, now).abs().compareTo(STATS_INTERVAL) < 0) {
            return Future.succeededFuture();
        }
        statsAt = now;
        return JobStore.dueStats(conn, now).map(row -> {
            metrics.queue(row.getLong("due"), oldest(row), now);
            return null;
        });
    }

    private static Instant oldest(Row row) {
        OffsetDateTime at = row.getOffsetDateTime("oldest");
        return at == null ? null : at.toInstant();
    }

    /** Runs the claimed jobs, at most {@code concurrency} at once; completes when each one is done or released. */
    private Future<Void> runAll(List<Job> jobs) {
        Deque<Job> pending = new ArrayDeque<>(jobs);
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(config.concurrency(), jobs.size()); i++) {
            lanes.add(lane(pending));
        }
        return Future.join(lanes).mapEmpty();
    }

    private Future<Void> lane(Deque<Job> pending) {
        Job job = pending.poll();
        if (job == null) {
            return Future.succeededFuture();
        }
        Future<Void> done = stopping ? outcomes.release(job) : runOne(job);
        return done.otherwiseEmpty().compose(v -> lane(pending));
    }

    private Future<Void> runOne(Job job) {
        JobHandler handler = handlers.find(job.kind());
        if (handler == null) {
            return outcomes.failed(job, JobFailure.permanent("no handler for job kind " + job.kind()));
        }
        if (job.attempts() > job.maxAttempts()) {
            return outcomes.failed(job, JobFailure.permanent("the worker running the last attempt stopped responding"));
        }
        return withDeadline(job, handler).transform(ar -> ar.succeeded() ? outcomes.succeeded(job) : outcomes.failed(job, ar.cause()))
                .onFailure(err -> log.warn("job outcome not recorded [tenant: {}, job: {}]", job.tenantId(), job.id(), err));
    }

    /** The handler's run, failed with a timeout once the lease has run out. */
    private Future<Void> withDeadline(Job job, JobHandler handler) {
        Promise<Void> result = Promise.promise();
        long leaseMillis = config.visibilityTimeout().toMillis();
        long timer = vertx.setTimer(leaseMillis, id -> result.tryFail(JobFailure.retryable("timed out after " + leaseMillis + " ms")));
        Future<Void> run;
        try {
            run = handler.run(job);
        } catch (RuntimeException e) {
            run = Future.failedFuture(e);
        }
        run.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                result.tryComplete();
            } else {
                result.tryFail(ar.cause());
            }
        });
        return result.future();
    }
}
