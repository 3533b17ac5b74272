package dev.switchboard.workflows;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.Batch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates clock triggers on a timer, by {@code clock} (tests move it): first the due appointment reminders
 * of every tenant (claimed a batch at a time with SKIP LOCKED, and launched in the claiming transaction; several
 * batches at once, so the server's work on one overlaps the database's on another), then
 * each tenant's task, inactivity and schedule workflows (one transaction per tenant). Runs of local actions run
 * in those transactions, so a batch of reminder runs costs one transaction; should one of them break it, the
 * batch is claimed and launched again with every run queued as a job. Any number of sweepers may run on any
 * number of nodes; each trigger fires once. Sweeps never overlap; stopping waits for the one under way.
 */
public final class WorkflowSweeper extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(WorkflowSweeper.class);

    private final Db db;
    private final ClockTriggers triggers;
    private final SweeperMetrics metrics;
    private final Clock clock;
    private final Duration interval;
    private final int batch;
    private final int concurrency;
    private long timer = -1;
    private Future<Void> current = Future.succeededFuture();
    private boolean stopping;

    WorkflowSweeper(Db db, ClockTriggers triggers, SweeperMetrics metrics, Clock clock, Duration interval, int batch,
                    int concurrency) {
        this.db = db;
        this.triggers = triggers;
        this.metrics = metrics;
        this.clock = clock;
        this.interval = interval;
        this.batch = batch;
        this.concurrency = concurrency;
    }

    @Override
    public Future<?> start() {
        timer = vertx.setPeriodic(interval.toMillis(), id -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        return current.otherwiseEmpty();
    }

    private void tick() {
        if (!current.isComplete() || stopping) {
            return;
        }
        Promise<Void> done = Promise.promise();
        current = done.future();
        sweep(clock.instant()).onComplete(ar -> {
            metrics.swept();
            if (ar.failed()) {
                log.warn("workflow sweep failed; will retry", ar.cause());
            }
            done.complete();
        });
    }

    /** One sweep at {@code now}: completes with how many runs started. */
    Future<Integer> sweep(Instant now) {
        return reminders(now).compose(r -> db.withoutTenant(ClockStore::tenants).compose(tenants -> {
            Future<Integer> fired = Future.succeededFuture(r);
            for (UUID tenant : tenants) {
                fired = fired.compose(n -> clock(tenant, now).map(m -> n + m).recover(err -> {
                    log.warn("clock triggers failed [tenant: {}]", tenant, err);
                    return Future.succeededFuture(n);
                }));
            }
            return fired;
        }));
    }

    /** One tenant's task, inactivity and schedule triggers; again with every run queued, should an inline run break the transaction. */
    private Future<Integer> clock(UUID tenant, Instant now) {
        return db.inTenant(tenant, conn -> triggers.sweep(RunLauncher.Scope.inline(conn, new Batch()), tenant, now)).recover(err -> {
            log.warn("clock triggers failed with inline runs; queueing them instead [tenant: {}]", tenant, err);
            return db.inTenant(tenant, conn -> triggers.sweep(RunLauncher.Scope.queued(conn), tenant, now));
        });
    }

    /**
     * Claims and launches due reminders, a batch per transaction, until none are left. One claimer starts; when its
     * first claim comes back full (more are due), the other {@code concurrency - 1} start at once, while its runs are
     * still being launched. An idle sweep thus costs one transaction.
     */
    private Future<Integer> reminders(Instant now) {
        Promise<Boolean> moreDue = Promise.promise();
        Future<Integer> first = claimer(now, 0, moreDue);
        first.onComplete(ar -> moreDue.tryComplete(false));
        return moreDue.future().compose(more -> {
            List<Future<Integer>> claimers = new ArrayList<>(List.of(first));
            for (int i = 1; more && !stopping && i < concurrency; i++) {
                claimers.add(claimer(now, 0, null));
            }
            return Future.all(claimers).map(all -> claimers.stream().mapToInt(Future::result).sum());
        });
    }

    /**
     * One claimer: batch after batch until a batch comes back short. {@code firstClaimFull} (may be null) learns whether
     * its first claim took a whole batch, as soon as the claim answers.
     */
    private Future<Integer> claimer(Instant now, int total, Promise<Boolean> firstClaimFull) {
        return oneBatch(now, firstClaimFull).compose(r -> r[0] == batch && !stopping ? claimer(now, total + r[1], null)
                : Future.succeededFuture(total + r[1]));
    }

    /** One batch: with its runs inline, or, should an inline run break the transaction, claimed again with every run queued. */
    private Future<int[]> oneBatch(Instant now, Promise<Boolean> claimFull) {
        return claimAndLaunch(now, true, claimFull).recover(err -> {
            log.warn("reminder batch failed with inline runs; claiming it again with every run queued", err);
            return claimAndLaunch(now, false, claimFull);
        });
    }

    /** One batch in one transaction: completes with {@code [reminders claimed, runs started]}. */
    private Future<int[]> claimAndLaunch(Instant now, boolean inline, Promise<Boolean> claimFull) {
        return db.withoutTenant(conn -> ClockStore.claimReminders(conn, now, batch).compose(rows -> {
            if (claimFull != null) {
                claimFull.tryComplete(rows.size() == batch);
            }
            return launchReminders(inline ? RunLauncher.Scope.inline(conn, new Batch()) : RunLauncher.Scope.queued(conn), rows, now)
                    .map(n -> new int[] {rows.size(), n});
        }));
    }

    private Future<Integer> launchReminders(RunLauncher.Scope scope, List<Row> rows, Instant now) {
        Map<UUID, List<Row>> byTenant = new LinkedHashMap<>();
        rows.forEach(row -> byTenant.computeIfAbsent(row.getUUID("tenant_id"), t -> new ArrayList<>()).add(row));
        Future<Integer> fired = Future.succeededFuture(0);
        for (Map.Entry<UUID, List<Row>> e : byTenant.entrySet()) {
            // the next tenant is bound only once every statement of this one has answered
            fired = fired.compose(n -> ClockStore.setTenant(scope.conn(), e.getKey())
                    .compose(v -> triggers.reminders(scope, e.getKey(), e.getValue(), now)).map(m -> n + m));
        }
        return fired;
    }
}
