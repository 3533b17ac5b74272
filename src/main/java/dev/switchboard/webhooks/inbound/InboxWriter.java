package dev.switchboard.webhooks.inbound;

import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.GroupCommit;
import dev.switchboard.platform.db.SqlErrors;
import dev.switchboard.platform.outbox.OutboxRelay;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit ({@link GroupCommit}) of webhook acknowledgements: deliveries of every tenant that arrive while a write
 * is under way wait for it and then go out together, as one multi-row insert in one statement (and one commit), which
 * also appends each new delivery to the event log. Under light load a delivery is written at once, alone; under heavy
 * load a commit serves many.
 * <p>
 * A delivery may come with what its processing records ({@link Delivery#processed}): it is then stored processed,
 * with its audit entry and domain event, by the same statement. Should that statement fail, the batch is stored
 * again as plain deliveries, whose processing the inbox consumer runs, retries and parks like any other; only
 * when that fails too do the callers get the failure.
 */
final class InboxWriter {

    private static final String RECEIVE = "SELECT webhook_inbox_receive_processed($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,"
            + " $12, $13, $14, $15) AS id";
    private static final int MAX_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);

    private final Vertx vertx;
    private final Db db;
    private final GroupCommit<Boolean, Delivery, Boolean> group;

    InboxWriter(Vertx vertx, Db db) {
        this.vertx = vertx;
        this.db = db;
        this.group = new GroupCommit<>(vertx, MAX_BATCH, (all, batch) -> flush(batch));
    }

    /**
     * One verified delivery of a known tenant; {@code processed}, when not null, is what its processing records (a
     * change of this delivery, {@code id}), written with it.
     */
    record Delivery(UUID tenantId, UUID id, String provider, UUID hookId, String eventId, byte[] body, JsonObject headers,
                    OffsetDateTime receivedAt, Changes.SystemRecord processed) {
    }

    /** Stores {@code delivery} durably; completes with false when it was stored before (a duplicate). */
    Future<Boolean> write(Delivery delivery) {
        // one queue for every tenant: the statement writes deliveries of many tenants at once
        return group.submit(Boolean.TRUE, delivery);
    }

    private Future<List<Future<Boolean>>> flush(List<Delivery> batch) {
        boolean processing = batch.stream().anyMatch(d -> d.processed() != null);
        return store(batch, true).recover(err -> {
            if (!processing) {
                return Future.failedFuture(err);
            }
            log.warn("storing {} webhook deliveries with their processing failed; stored for the inbox consumer instead: {}",
                    batch.size(), err.getMessage());
            return store(batch, false);
        }).map(stored -> {
            if (!stored.isEmpty()) {
                vertx.eventBus().send(OutboxRelay.WAKE_ADDRESS, null);
            }
            List<Future<Boolean>> outcomes = new ArrayList<>(batch.size());
            batch.forEach(d -> outcomes.add(Future.succeededFuture(stored.contains(d.id()))));
            return outcomes;
        });
    }

    /** Stores {@code batch} in one statement, with what processing records when {@code processed}; the ids stored. */
    private Future<Set<UUID>> store(List<Delivery> batch, boolean processed) {
        int n = batch.size();
        UUID[] tenants = new UUID[n];
        UUID[] ids = new UUID[n];
        String[] providers = new String[n];
        UUID[] hooks = new UUID[n];
        String[] eventIds = new String[n];
        Buffer[] bodies = new Buffer[n];
        JsonObject[] headers = new JsonObject[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] actions = new String[n];
        String[] entityTypes = new String[n];
        UUID[] auditIds = new UUID[n];
        JsonObject[] afters = new JsonObject[n];
        UUID[] logIds = new UUID[n];
        JsonObject[] payloads = new JsonObject[n];
        OffsetDateTime[] occurred = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Delivery d = batch.get(i);
            tenants[i] = d.tenantId();
            ids[i] = d.id();
            providers[i] = d.provider();
            hooks[i] = d.hookId();
            eventIds[i] = d.eventId();
            bodies[i] = Buffer.buffer(d.body());
            headers[i] = d.headers();
            received[i] = d.receivedAt();
            Changes.SystemRecord record = processed ? d.processed() : null;
            if (record != null) {
                actions[i] = record.action();
                entityTypes[i] = record.entityType();
                auditIds[i] = record.auditId();
                afters[i] = record.after();
                logIds[i] = record.event().id();
                payloads[i] = record.event().data();
                occurred[i] = record.event().occurredAt().atOffset(ZoneOffset.UTC);
            }
        }
        Tuple args = Tuple.from(new Object[] {tenants, ids, providers, hooks, eventIds, bodies, headers, received, actions,
                entityTypes, auditIds, afters, logIds, payloads, occurred});
        return db.pool().preparedQuery(RECEIVE).execute(args).recover(SqlErrors::translate).map(rows -> {
            Set<UUID> stored = new HashSet<>();
            for (Row row : rows) {
                stored.add(row.getUUID("id"));
            }
            return stored;
        });
    }
}
