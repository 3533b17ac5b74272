package dev.switchboard.calendar;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.util.List;

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

    /** Live appointments overlapping {@code [from, to)}, in creation order. */
    public Future<List<CalendarEntry>> range(Principal p, OffsetDateTime from, OffsetDateTime to, Pages page) {
        AppointmentScope scope = AppointmentScope.of(p);
        return db.inTenant(p.tenantId(), conn -> AppointmentStore.calendar(conn, p.tenantId(), scope, p.isCustomer(), from, to, page)
                .compose(rows -> AppointmentDetailsStore.load(conn, p.tenantId(),
                                rows.stream().filter(CalendarEntry::detailed).map(e -> e.appointment().id()).toList())
                        .map(details -> rows.stream().map(e -> e.detailed()
                                ? new CalendarEntry(details.complete(e.appointment()), true) : e).toList())));
    }
}
