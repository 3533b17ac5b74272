package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.timeline.Projection.Parent;
import dev.switchboard.timeline.Projection.Target;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL of the timeline projection: entries per record and what is known of cases' and conversations' contacts. */
final class TimelineStore {

    static final String INSERT = """
            INSERT INTO timeline_entries (tenant_id, record_type, record_id, entry_id, at, type, summary, actor_type, actor_id,
                entity_type, entity_id, data, source_type, source_id, note_visibility, author_user_id, team_id, owner_user_id,
                attendee_user_ids)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
            ON CONFLICT DO NOTHING""";

    static final String REFRESH_VISIBILITY = """
            UPDATE timeline_entries SET note_visibility = $4, author_user_id = $5, team_id = $6, owner_user_id = $7,
                attendee_user_ids = $8
            WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3
            RETURNING record_type, record_id""";

    static final String DELETE_ENTITY = """
            DELETE FROM timeline_entries WHERE tenant_id = $1 AND entity_type = $2 AND entity_id = $3
            RETURNING record_type, record_id""";

    static final String UPSERT_PARENT = """
            INSERT INTO timeline_parents (tenant_id, record_type, record_id, contact_id, case_id, channel, subject)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (tenant_id, record_type, record_id) DO UPDATE
            SET contact_id = EXCLUDED.contact_id, case_id = EXCLUDED.case_id, channel = coalesce(EXCLUDED.channel, timeline_parents.channel),
                subject = coalesce(EXCLUDED.subject, timeline_parents.subject)""";

    static final String FIND_PARENT = """
            SELECT record_type, record_id, contact_id, case_id, channel, subject FROM timeline_parents
            WHERE tenant_id = $1 AND record_type = $2 AND record_id = $3""";

    /** The filters both page statements share: $4 types or null; $5/$6 from/to or nulls. */
    private static final String FILTERS = """
              AND ($4::text[] IS NULL OR type = ANY($4::text[]) OR split_part(type, '.', 1) = ANY($4::text[]))
              AND ($5::timestamptz IS NULL OR at >= $5::timestamptz)
              AND ($6::timestamptz IS NULL OR at < $6::timestamptz)
            """;

    /** The newest entries: $7 limit. A separate statement from {@link #PAGE_AFTER} so each keeps an index-range plan. */
    static final String PAGE_FIRST = "SELECT " + TimelineEntry.COLUMNS + """
             FROM timeline_entries
            WHERE tenant_id = $1 AND record_type = $2 AND record_id = $3
            """ + FILTERS + """
            ORDER BY at DESC, entry_id DESC
            LIMIT $7""";

    /** The entries after the cursor ($7 at, $8 entry id): the row comparison is an index condition, so deep pages seek. */
    static final String PAGE_AFTER = "SELECT " + TimelineEntry.COLUMNS + """
             FROM timeline_entries
            WHERE tenant_id = $1 AND record_type = $2 AND record_id = $3 AND (at, entry_id) < ($7, $8)
            """ + FILTERS + """
            ORDER BY at DESC, entry_id DESC
            LIMIT $9""";

    private TimelineStore() {
    }

    static Future<Void> insert(SqlConnection conn, EventEnvelope e, Target record, Projection p) {
        Projection.EntryVisibility v = p.visibility();
        Tuple t = Tuple.tuple().addUUID(e.tenantId()).addString(record.type()).addUUID(record.id()).addUUID(e.id())
                .addOffsetDateTime(OffsetDateTime.ofInstant(e.occurredAt(), ZoneOffset.UTC)).addString(p.type())
                .addString(p.summary()).addString(e.actor().type().wire()).addUUID(e.actor().id())
                .addString(p.entity().type()).addUUID(p.entity().id()).addValue(p.data())
                .addString(p.source().type()).addUUID(p.source().id())
                .addString(v.noteVisibility()).addUUID(v.authorUserId()).addUUID(v.teamId()).addUUID(v.ownerUserId())
                .addArrayOfUUID(v.attendeeUserIds().toArray(UUID[]::new));
        return conn.preparedQuery(INSERT).execute(t).mapEmpty();
    }

    static Future<List<Target>> refreshVisibility(SqlConnection conn, UUID tenantId, Projection p) {
        Projection.EntryVisibility v = p.visibility();
        Tuple t = Tuple.of(tenantId, p.entity().type(), p.entity().id()).addString(v.noteVisibility()).addUUID(v.authorUserId())
                .addUUID(v.teamId()).addUUID(v.ownerUserId()).addArrayOfUUID(v.attendeeUserIds().toArray(UUID[]::new));
        return conn.preparedQuery(REFRESH_VISIBILITY).execute(t).map(TimelineStore::targets);
    }

    static Future<List<Target>> deleteEntity(SqlConnection conn, UUID tenantId, Target entity) {
        return conn.preparedQuery(DELETE_ENTITY).execute(Tuple.of(tenantId, entity.type(), entity.id())).map(TimelineStore::targets);
    }

    static Future<Void> upsertParent(SqlConnection conn, UUID tenantId, Parent parent) {
        return conn.preparedQuery(UPSERT_PARENT).execute(Tuple.of(tenantId, parent.recordType(), parent.recordId(), parent.contactId(),
                parent.caseId(), parent.channel(), parent.subject())).mapEmpty();
    }

    static Future<Parent> findParent(SqlConnection conn, UUID tenantId, Target record) {
        return conn.preparedQuery(FIND_PARENT).execute(Tuple.of(tenantId, record.type(), record.id())).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Parent(r.getString("record_type"), r.getUUID("record_id"), r.getUUID("contact_id"), r.getUUID("case_id"), r.getString("channel"),
                    r.getString("subject"));
        });
    }

    static Future<List<TimelineEntry>> page(SqlConnection conn, UUID tenantId, Target record, TimelineQuery q, int limit) {
        Tuple t = Tuple.of(tenantId, record.type(), record.id())
                .addArrayOfString(q.types() == null ? null : q.types().toArray(String[]::new))
                .addOffsetDateTime(q.from()).addOffsetDateTime(q.to());
        String sql = PAGE_FIRST;
        if (q.cursor() != null) {
            t.addOffsetDateTime(q.cursor().at()).addUUID(q.cursor().entryId());
            sql = PAGE_AFTER;
        }
        return conn.preparedQuery(sql).execute(t.addInteger(limit)).map(rows -> {
            List<TimelineEntry> out = new ArrayList<>();
            rows.forEach(r -> out.add(TimelineEntry.FROM_ROW.apply(r)));
            return out;
        });
    }

    private static List<Target> targets(io.vertx.sqlclient.RowSet<Row> rows) {
        List<Target> out = new ArrayList<>();
        rows.forEach(r -> out.add(new Target(r.getString("record_type"), r.getUUID("record_id"))));
        return out;
    }
}
