package dev.switchboard.audit;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.worker.PollingWorker;
import dev.switchboard.platform.worker.WorkerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Links committed audit rows into each tenant's hash chain after the fact, in the order of the transactions that
 * wrote them: writers never wait on each other for the chain. A link is a row of its own; the chainer's watermark
 * moves past a batch in the transaction that appends its links. One chainer at a time across nodes (advisory lock).
 */
public final class AuditChainer extends PollingWorker {

    public static final String WAKE_ADDRESS = "switchboard.audit.chain.wake";

    private static final long LOCK_KEY = 0x5357_4155_4449L;
    private static final String LOCK = "SELECT pg_try_advisory_xact_lock($1)";
    private static final String UNCHAINED = "SELECT * FROM audit_unchained($1)";
    private static final String HEADS = "SELECT * FROM audit_chain_heads_for($1)";
    private static final String LINK = "SELECT audit_link($1, $2, $3, $4, $5, $6, $7)";

    private final Db db;
    private final WorkerMetrics metrics;

    public AuditChainer(Db db, Duration interval, WorkerMetrics metrics) {
        super("audit chainer", interval, WAKE_ADDRESS, 1000);
        this.db = db;
        this.metrics = metrics;
    }

    public static WorkerMetrics metrics(MeterRegistry registry) {
        return new WorkerMetrics(registry, "switchboard.audit.chained", "audit entries added to their tenant's hash chain",
                "switchboard.audit.chain.lag.seconds",
                "age of the oldest audit entry not yet in its tenant's hash chain");
    }

    @Override
    protected Future<Integer> runBatch(int limit) {
        return db.withoutTenant(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(LOCK_KEY)).compose(lock ->
                lock.iterator().next().getBoolean(0) ? chain(conn, limit) : Future.succeededFuture(0)));
    }

    private Future<Integer> chain(SqlConnection conn, int limit) {
        return conn.preparedQuery(UNCHAINED).execute(Tuple.of(limit)).compose(rows -> {
            if (rows.size() == 0) {
                metrics.oldestWaiting(null);
                return Future.succeededFuture(0);
            }
            List<AuditRecord> records = new ArrayList<>(rows.size());
            Set<UUID> tenants = new LinkedHashSet<>();
            Row last = null;
            for (Row row : rows) {
                last = row;
                AuditRecord record = AuditRecord.FROM_ROW.apply(row);
                records.add(record);
                tenants.add(record.tenantId());
            }
            metrics.oldestWaiting(records.get(0).at().toInstant());
            long lastXact = last.getLong("xact");
            long lastSeq = last.getLong("seq");
            return conn.preparedQuery(HEADS).execute(Tuple.of(tenants.toArray(new UUID[0]))).compose(headRows -> {
                Map<UUID, Head> heads = new HashMap<>();
                headRows.forEach(h -> heads.put(h.getUUID("tenant_id"), new Head(h.getLong("chain_seq"), h.getBuffer("hash").getBytes())));
                int n = records.size();
                UUID[] tenantIds = new UUID[n];
                UUID[] ids = new UUID[n];
                Long[] positions = new Long[n];
                Buffer[] previous = new Buffer[n];
                Buffer[] hashes = new Buffer[n];
                for (int i = 0; i < n; i++) {
                    AuditRecord record = records.get(i);
                    Head head = heads.getOrDefault(record.tenantId(), new Head(0, AuditRecord.GENESIS));
                    byte[] hash = record.chainHash(head.hash());
                    tenantIds[i] = record.tenantId();
                    ids[i] = record.id();
                    positions[i] = head.position() + 1;
                    previous[i] = Buffer.buffer(head.hash());
                    hashes[i] = Buffer.buffer(hash);
                    heads.put(record.tenantId(), new Head(positions[i], hash));
                }
                Tuple link = Tuple.of(tenantIds, ids, positions, previous, hashes).addLong(lastXact).addLong(lastSeq);
                return conn.preparedQuery(LINK).execute(link).map(done -> {
                    metrics.processed(records.size());
                    return n;
                });
            });
        });
    }

    private record Head(long position, byte[] hash) {
    }
}
