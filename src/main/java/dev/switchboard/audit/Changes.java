package dev.switchboard.audit;

import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records a change the one way every write does: an audit entry and a domain event, both inserted by one
 * statement inside the write's own transaction, so a failed write leaves neither.
 */
public final class Changes {

    private static final String RECORD = "WITH audited AS (" + AuditLog.INSERT + ")\n"
            + "INSERT INTO outbox (tenant_id, id, type, actor_type, actor_id, correlation_id, payload, occurred_at)\n"
            + "VALUES ($1, $13, $5, $3, $4, $12, $14, $15)";

    /**
     * {@link #RECORD} for the changes of one organization ($1), one array element each: the audit entries, then the
     * events in the arrays' order, with one statement. A null element of a {@code jsonb[]} parameter arrives as the
     * JSON value {@code null}; NULLIF stores it as SQL NULL, as {@link #RECORD} does.
     */
    private static final String RECORD_ALL = """
            WITH made AS (
                SELECT * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::jsonb[],
                                     $9::jsonb[], $10::text[], $11::text[], $12::text[], $13::uuid[], $14::jsonb[],
                                     $15::timestamptz[]) WITH ORDINALITY
                    AS m (id, actor_type, actor_id, action, entity_type, entity_id, before, after, ip, user_agent, request_id,
                          event_id, payload, occurred_at, position)
            ), audited AS (
                INSERT INTO audit_log (tenant_id, id, actor_type, actor_id, action, entity_type, entity_id,
                                       before, after, ip, user_agent, request_id)
                SELECT $1, m.id, m.actor_type, m.actor_id, m.action, m.entity_type, m.entity_id, NULLIF(m.before, 'null'),
                       NULLIF(m.after, 'null'), m.ip, m.user_agent, m.request_id
                FROM made m ORDER BY m.position
            )
            INSERT INTO outbox (tenant_id, id, type, actor_type, actor_id, correlation_id, payload, occurred_at)
            SELECT $1, m.event_id, m.action, m.actor_type, m.actor_id, m.request_id, NULLIF(m.payload, 'null'), m.occurred_at
            FROM made m ORDER BY m.position""";

    private final Outbox outbox;

    public Changes(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Records a change made by the authenticated caller. */
    public Future<Void> record(SqlConnection conn, Principal p, Change change) {
        return record(conn, p.tenantId(), p.actor(), p.meta(), change);
    }

    /** Records a change made by someone other than an authenticated caller (sign-up, invite, the system). */
    public Future<Void> record(SqlConnection conn, UUID tenantId, Actor actor, RequestMeta meta, Change change) {
        if (tenantId == null) {
            return Future.failedFuture(new IllegalArgumentException("change without tenant [action: " + change.action() + "]"));
        }
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(RECORD).execute(Tuple.from(values(tenantId, actor, meta, change))).mapEmpty();
    }

    /** A change and the authenticated caller who made it. */
    public record Made(Principal by, Change change) {
    }

    /**
     * Records the changes {@code made} by several callers of one organization with one statement, whose per-statement
     * work the two tables do once for all of them; the events keep the list's order.
     */
    public Future<Void> recordAll(SqlConnection conn, List<Made> made) {
        if (made.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID tenantId = made.get(0).by().tenantId();
        int n = made.size();
        Object[][] columns = new Object[14][];
        columns[0] = new UUID[n];
        columns[1] = new String[n];
        columns[2] = new UUID[n];
        columns[3] = new String[n];
        columns[4] = new String[n];
        columns[5] = new UUID[n];
        columns[6] = new JsonObject[n];
        columns[7] = new JsonObject[n];
        columns[8] = new String[n];
        columns[9] = new String[n];
        columns[10] = new String[n];
        columns[11] = new UUID[n];
        columns[12] = new JsonObject[n];
        columns[13] = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Made m = made.get(i);
            if (!tenantId.equals(m.by().tenantId())) {
                return Future.failedFuture(new IllegalArgumentException("changes of several organizations [action: "
                        + m.change().action() + "]"));
            }
            Object[] values = values(tenantId, m.by().actor(), m.by().meta(), m.change());
            for (int c = 0; c < 14; c++) {
                columns[c][i] = values[c + 1];
            }
        }
        Tuple params = Tuple.of(tenantId);
        for (Object[] column : columns) {
            params.addValue(column);
        }
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(RECORD_ALL).execute(params).mapEmpty();
    }

    /** The parameters of {@link #RECORD}, $1 to $15, in order: one statement inserts both rows. */
    private static Object[] values(UUID tenantId, Actor actor, RequestMeta meta, Change change) {
        // the event's type, actor and correlation id are the audit entry's action, actor and request id
        EventEnvelope event = EventEnvelope.create(tenantId, actor, meta.requestId(), change.action(), change.eventData());
        Object[] values = AuditLog.values(new AuditEntry(tenantId, actor, change.action(), change.entityType(),
                change.entityId(), change.before(), change.after(), meta), 3);
        values[12] = event.id();
        values[13] = event.data();
        values[14] = event.occurredAt().atOffset(ZoneOffset.UTC);
        return values;
    }

    /**
     * A change made by the system as a statement of another writer inserts it: the audit entry's id and redacted
     * state after, and the domain event (type, payload, time), for writers that record the changes of many rows in
     * one statement. The entry has the system as actor, no request and no state before.
     */
    public record SystemRecord(String action, String entityType, UUID auditId, JsonObject after, EventEnvelope event) {
    }

    /** How {@code change}, made by the system in {@code tenantId}, is recorded by such a statement. */
    public static SystemRecord systemRecord(UUID tenantId, Change change) {
        if (change.before() != null) {
            throw new IllegalArgumentException("a system record has no state before [action: " + change.action() + "]");
        }
        EventEnvelope event = EventEnvelope.create(tenantId, Actor.SYSTEM, RequestMeta.SYSTEM.requestId(), change.action(),
                change.eventData());
        return new SystemRecord(change.action(), change.entityType(), Ids.next(), AuditLog.redact(change.after()), event);
    }

    /** The outbox these changes' events go to, for writers that insert an event of their own in a statement. */
    public Outbox outbox() {
        return outbox;
    }
}
