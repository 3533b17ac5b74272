package dev.switchboard.calendar;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Whose appointments a caller sees in full: holders of {@code calendar.read_details} (managers, admins)
 * see all; others the ones they own or attend; portal customers the ones their contact attends.
 */
record AppointmentScope(boolean all, UUID userId, UUID contactId) {

    static AppointmentScope of(Principal p) {
        return p.isCustomer() ? new AppointmentScope(false, null, p.contactId())
                : new AppointmentScope(p.can(Permission.CALENDAR_READ_DETAILS), p.userId(), null);
    }

    /** The predicate on alias {@code a} using parameters {@code $first} to {@code $first+2}. */
    static String predicate(int first) {
        return "($" + first + " OR a.owner_user_id = $" + (first + 1) + " OR EXISTS (SELECT 1 FROM appointment_attendees x "
                + "WHERE x.tenant_id = a.tenant_id AND x.appointment_id = a.id AND (x.user_id = $" + (first + 1)
                + " OR x.contact_id = $" + (first + 2) + ")))";
    }

    Tuple bind(Tuple tuple) {
        return tuple.addBoolean(all).addUUID(userId).addUUID(contactId);
    }
}
