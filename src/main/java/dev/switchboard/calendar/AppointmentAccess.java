package dev.switchboard.calendar;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Who may do what with an appointment. Reading follows {@link AppointmentScope}. Changing and cancelling:
 * the owner, or anyone holding {@code calendar.read_details}, each with {@code calendar.write}. Attending
 * users respond. Portal customers only read.
 */
public final class AppointmentAccess implements RecordAccess {

    static final String TYPE = "appointment";
    /** For reading back an appointment the caller has just written, whatever their scope is now. */
    static final AppointmentScope WRITTEN = new AppointmentScope(true, null, null);

    private final Db db;

    public AppointmentAccess(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return db.inTenant(p.tenantId(), conn -> canRead(conn, p, type, id));
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return AppointmentStore.find(conn, p.tenantId(), id, AppointmentScope.of(p)).map(Objects::nonNull);
    }

    /** The appointment with attendees and links when {@code p} may see it; 404 otherwise. */
    static Future<Appointment> visible(SqlConnection conn, Principal p, UUID id) {
        return load(conn, p, id, AppointmentScope.of(p));
    }

    static Future<Appointment> load(SqlConnection conn, Principal p, UUID id, AppointmentScope scope) {
        return AppointmentStore.find(conn, p.tenantId(), id, scope).compose(a -> a == null
                ? Future.failedFuture(ApiException.notFound("appointment"))
                : AppointmentDetailsStore.load(conn, p.tenantId(), List.of(id)).map(d -> d.complete(a)));
    }

    static boolean mayEdit(Principal p, Appointment a) {
        return !p.isCustomer() && p.can(Permission.CALENDAR_WRITE)
                && (p.userId().equals(a.ownerUserId()) || p.can(Permission.CALENDAR_READ_DETAILS));
    }

    /** Only holders of {@code calendar.read_details} put an appointment in someone else's calendar. */
    static boolean mayOwn(Principal p, UUID owner) {
        return p.userId().equals(owner) || p.can(Permission.CALENDAR_READ_DETAILS);
    }

    static ApiException cancelled() {
        return ApiException.conflict("appointment-cancelled", "the appointment was cancelled");
    }
}
