package dev.switchboard.calendar;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The organization's calendar for a time range. Appointments in the caller's {@link AppointmentScope}
 * come in full; every other one only as a busy block (time and owner), so nothing else leaks. Portal
 * customers get only the appointments their contact attends.
 */
public final class CalendarService {

    private final Db db;

    public CalendarService(Db db) {
        this.db = db;
    }

    /** A calendar entry: the appointment, and whether the caller sees it in full. */
    public record Entry(Appointment appointment, boolean detailed) {

        public UUID id() {
            return appointment.id();
        }

        public JsonObject toJson() {
            return detailed ? appointment.toJson().put("busy", false) : appointment.busyBlock();
        }
    }

    /** Live appointments overlapping {@code [from, to)}, in creation order. */
    public Future<List<Entry>> range(Principal p, OffsetDateTime from, OffsetDateTime to, Pages page) {
        AppointmentScope scope = AppointmentScope.of(p);
        return db.inTenant(p.tenantId(), conn -> AppointmentStore.calendar(conn, p.tenantId(), scope, p.isCustomer(), from, to, page)
                .compose(rows -> AppointmentDetailsStore.load(conn, p.tenantId(),
                                rows.stream().filter(AppointmentStore.Entry::detailed).map(e -> e.appointment().id()).toList())
                        .map(details -> rows.stream().map(e -> new Entry(
                                e.detailed() ? details.complete(e.appointment()) : e.appointment(), e.detailed())).toList())));
    }
}
