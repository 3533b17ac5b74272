package dev.switchboard.platform.events;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.worker.PollingWorker;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * Keeps the event log from growing forever: deletes events every consumer has passed once they are older than
 * the retention (events parked for a retry stay), and idempotency keys past their 24 hours, a bounded batch at a
 * time. One pruner works at a time across nodes.
 */
public final class EventLogPruner extends PollingWorker {

    private static final String PRUNE = "SELECT event_log_prune(make_interval(secs => $1), $2) AS deleted";
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final int BATCH = 5_000;

    private final Db db;
    private final Duration retention;

    public EventLogPruner(Db db, Duration retention) {
        super("event log pruner", INTERVAL, "switchboard.events.prune", BATCH);
        this.db = db;
        this.retention = retention;
    }

    @Override
    protected Future<Integer> runBatch(int limit) {
        return db.pool().preparedQuery(PRUNE).execute(Tuple.of(retention.toMillis() / 1000.0, limit))
                .map(rows -> rows.iterator().next().getInteger("deleted"));
    }
}
