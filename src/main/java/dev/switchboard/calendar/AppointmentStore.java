package dev.switchboard.calendar;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Appointment rows. Every statement binds the tenant; reads apply the caller's {@link AppointmentScope}. */
final class AppointmentStore {

    static final String INSERT = """
            INSERT INTO appointments (tenant_id, id, title, description, starts_at, ends_at, timezone, kind, owner_user_id,
                                      reminder_offsets, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""";
    static final String FIND = "SELECT " + Appointment.COLUMNS + " FROM appointments a WHERE a.tenant_id = $1 AND a.id = $2 AND "
            + AppointmentScope.predicate(3);
    static final String LIST = "SELECT " + Appointment.COLUMNS + " FROM appointments a WHERE a.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR a.id > $2) AND ($7::boolean OR a.cancelled_at IS NULL) AND " + AppointmentScope.predicate(4)
            + " ORDER BY a.id LIMIT $3";
    static final String LIST_NEWEST = Pages.reversed(LIST, "a.id");
    /** Every live appointment overlapping [$4, $5), flagged {@code detailed} when in the caller's scope. */
    static final String CALENDAR = "SELECT " + Appointment.COLUMNS + ", " + AppointmentScope.predicate(6) + " AS detailed "
            + "FROM appointments a WHERE a.tenant_id = $1 AND ($2::uuid IS NULL OR a.id > $2) AND a.cancelled_at IS NULL "
            + "AND a.starts_at < $5 AND a.ends_at > $4 AND (NOT $9::boolean OR " + AppointmentScope.predicate(6) + ") "
            + "ORDER BY a.id LIMIT $3";
    static final String UPDATE = """
            UPDATE appointments SET title = $3, description = $4, starts_at = $5, ends_at = $6, timezone = $7, kind = $8,
                                    owner_user_id = $9, reminder_offsets = $10, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $11 AND cancelled_at IS NULL""";
    static final String CANCEL = """
            UPDATE appointments SET cancelled_at = now(), version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND cancelled_at IS NULL AND ($3::integer IS NULL OR version = $3)""";

    private AppointmentStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, UUID createdBy, AppointmentFields f) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, f.title(), f.description(), f.startsAt(), f.endsAt(),
                f.timezone(), f.kind(), f.ownerUserId(), f.reminderOffsets().toArray(new Integer[0]), createdBy)).mapEmpty();
    }

    static Future<Appointment> find(SqlConnection conn, UUID tenantId, UUID id, AppointmentScope scope) {
        return conn.preparedQuery(FIND).execute(scope.bind(Tuple.of(tenantId, id)))
                .map(rows -> rows.size() == 0 ? null : Appointment.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<List<Appointment>> list(SqlConnection conn, UUID tenantId, AppointmentScope scope, boolean includeCancelled,
                                          Pages page) {
        Tuple params = scope.bind(Tuple.of(tenantId, page.after(), page.limit())).addBoolean(includeCancelled);
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST).execute(params).map(rows -> all(rows, Appointment.FROM_ROW));
    }

    static Future<List<CalendarEntry>> calendar(SqlConnection conn, UUID tenantId, AppointmentScope scope, boolean onlyInScope,
                                        OffsetDateTime from, OffsetDateTime to, Pages page) {
        Tuple params = scope.bind(Tuple.of(tenantId, page.after(), page.limit(), from, to)).addBoolean(onlyInScope);
        return conn.preparedQuery(CALENDAR).execute(params)
                .map(rows -> all(rows, row -> new CalendarEntry(Appointment.FROM_ROW.apply(row), row.getBoolean("detailed"))));
    }

    /** False when {@code version} is stale or the appointment was cancelled. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, AppointmentFields f, int version) {
        Tuple params = Tuple.of(tenantId, id, f.title(), f.description(), f.startsAt(), f.endsAt(), f.timezone(), f.kind(),
                f.ownerUserId(), f.reminderOffsets().toArray(new Integer[0]), version);
        return conn.preparedQuery(UPDATE).execute(params).map(r -> r.rowCount() == 1);
    }

    /** False when already cancelled or {@code version} (optional) is stale. */
    static Future<Boolean> cancel(SqlConnection conn, UUID tenantId, UUID id, Integer version) {
        return conn.preparedQuery(CANCEL).execute(Tuple.of(tenantId, id, version)).map(r -> r.rowCount() == 1);
    }

    private static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> out = new ArrayList<>();
        rows.forEach(row -> out.add(mapper.apply(row)));
        return out;
    }
}
