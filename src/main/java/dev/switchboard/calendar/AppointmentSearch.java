package dev.switchboard.calendar;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/**
 * Appointments in cross-record search: full text on title and description of the ones the caller sees in
 * full ({@link AppointmentScope}); busy blocks are never searched. Cancelled appointments are left out.
 */
public final class AppointmentSearch implements SearchSource {

    @Override
    public String type() {
        return AppointmentAccess.TYPE;
    }

    @Override
    public String table() {
        return "appointments";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'appointment'::text, a.id, m.rank, a.title, concat_ws(' ', a.title, a.description), NULL::text, NULL::uuid"
                + " FROM " + matches + " m JOIN appointments a ON a.tenant_id = " + TENANT + " AND a.id = m.id"
                + " WHERE a.cancelled_at IS NULL AND " + AppointmentScope.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return AppointmentScope.of(p).bind(tuple);
    }
}
