package dev.switchboard.calendar;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Attendees, links and reminder fire times of appointments. Every statement binds the tenant. */
final class AppointmentDetailsStore {

    static final String ATTENDEES = """
            SELECT x.appointment_id, x.user_id, x.contact_id, x.response, x.responded_at FROM appointment_attendees x
            WHERE x.tenant_id = $1 AND x.appointment_id = ANY($2) ORDER BY x.appointment_id, x.position""";
    static final String LINKS = """
            SELECT l.appointment_id, l.entity_type, l.entity_id FROM appointment_links l
            WHERE l.tenant_id = $1 AND l.appointment_id = ANY($2) ORDER BY l.appointment_id, l.entity_type, l.entity_id""";
    static final String DELETE_ATTENDEES = "DELETE FROM appointment_attendees WHERE tenant_id = $1 AND appointment_id = $2";
    static final String INSERT_ATTENDEE = """
            INSERT INTO appointment_attendees (tenant_id, appointment_id, id, position, user_id, contact_id, response, responded_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    static final String RESPOND = """
            UPDATE appointment_attendees SET response = $4, responded_at = now()
            WHERE tenant_id = $1 AND appointment_id = $2 AND user_id = $3""";
    static final String DELETE_LINKS = "DELETE FROM appointment_links WHERE tenant_id = $1 AND appointment_id = $2";
    static final String INSERT_LINK = """
            INSERT INTO appointment_links (tenant_id, appointment_id, entity_type, entity_id) VALUES ($1, $2, $3, $4)""";
    static final String DELETE_REMINDERS = "DELETE FROM appointment_reminders WHERE tenant_id = $1 AND appointment_id = $2";
    /** One row per offset whose fire time is still ahead; a reminder already due is not sent late. */
    static final String INSERT_REMINDERS = """
            INSERT INTO appointment_reminders (tenant_id, appointment_id, offset_minutes, fire_at)
            SELECT $1::uuid, $2::uuid, o, $3::timestamptz - make_interval(mins => o) FROM unnest($4::integer[]) AS o
            WHERE $3::timestamptz - make_interval(mins => o) > now()""";

    /** Attendees and links of a set of appointments, by appointment id. */
    record Details(Map<UUID, List<Attendee>> attendees, Map<UUID, List<AppointmentLink>> links) {

        Appointment complete(Appointment a) {
            return a.withDetails(attendees.getOrDefault(a.id(), List.of()), links.getOrDefault(a.id(), List.of()));
        }
    }

    private AppointmentDetailsStore() {
    }

    static Future<Details> load(SqlConnection conn, UUID tenantId, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(new Details(Map.of(), Map.of()));
        }
        Tuple params = Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ids.toArray(new UUID[0]));
        Map<UUID, List<Attendee>> attendees = new HashMap<>();
        Map<UUID, List<AppointmentLink>> links = new HashMap<>();
        return conn.preparedQuery(ATTENDEES).execute(params).compose(rows -> {
            rows.forEach(r -> attendees.computeIfAbsent(r.getUUID("appointment_id"), k -> new ArrayList<>()).add(new Attendee(
                    r.getUUID("user_id"), r.getUUID("contact_id"), r.getString("response"), r.getOffsetDateTime("responded_at"))));
            return conn.preparedQuery(LINKS).execute(params);
        }).map(rows -> {
            rows.forEach(r -> links.computeIfAbsent(r.getUUID("appointment_id"), k -> new ArrayList<>())
                    .add(new AppointmentLink(r.getString("entity_type"), r.getUUID("entity_id"))));
            return new Details(attendees, links);
        });
    }

    static Future<Void> replaceAttendees(SqlConnection conn, UUID tenantId, UUID id, List<Attendee> attendees) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < attendees.size(); i++) {
            Attendee a = attendees.get(i);
            rows.add(Tuple.of(tenantId, id, Ids.next(), i, a.userId(), a.contactId(), a.response(), a.respondedAt()));
        }
        return conn.preparedQuery(DELETE_ATTENDEES).execute(Tuple.of(tenantId, id))
                .compose(v -> rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(INSERT_ATTENDEE).executeBatch(rows))
                .mapEmpty();
    }

    /** False when {@code userId} does not attend. */
    static Future<Boolean> respond(SqlConnection conn, UUID tenantId, UUID id, UUID userId, String response) {
        return conn.preparedQuery(RESPOND).execute(Tuple.of(tenantId, id, userId, response)).map(r -> r.rowCount() == 1);
    }

    static Future<Void> replaceLinks(SqlConnection conn, UUID tenantId, UUID id, List<AppointmentLink> links) {
        List<Tuple> rows = links.stream().map(l -> Tuple.of(tenantId, id, l.entityType(), l.entityId())).toList();
        return conn.preparedQuery(DELETE_LINKS).execute(Tuple.of(tenantId, id))
                .compose(v -> rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(INSERT_LINK).executeBatch(rows))
                .mapEmpty();
    }

    /** Rewrites the reminder fire times; with {@code startsAt} null (cancelled) only removes them. */
    static Future<Void> rewriteReminders(SqlConnection conn, UUID tenantId, UUID id, OffsetDateTime startsAt, List<Integer> offsets) {
        Future<?> deleted = conn.preparedQuery(DELETE_REMINDERS).execute(Tuple.of(tenantId, id));
        if (startsAt == null || offsets.isEmpty()) {
            return deleted.mapEmpty();
        }
        return deleted.compose(v -> conn.preparedQuery(INSERT_REMINDERS)
                .execute(Tuple.of(tenantId, id, startsAt, offsets.toArray(new Integer[0])))).mapEmpty();
    }
}
