package dev.switchboard.calendar;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;

/**
 * Linked records and contact attendees must be readable by the caller. Record types not registered
 * (yet) in {@link Records} are not checked: the link is kept as a plain id.
 */
final class RecordLinks {

    private static final String CONTACT = "contact";

    private final Records records;

    RecordLinks(Records records) {
        this.records = records;
    }

    /** Checked on the write's own connection, inside its transaction. Succeeds when every registered link and contact is readable; else 400 naming {@code links} or {@code attendees}. */
    Future<Void> check(SqlConnection conn, Principal p, List<AppointmentLink> links, List<Attendee> attendees) {
        Future<Void> chain = Future.succeededFuture();
        for (AppointmentLink link : links) {
            chain = chain.compose(v -> records.requireReadable(conn, p, link.entityType(), link.entityId(), "links"));
        }
        for (Attendee attendee : attendees) {
            if (attendee.contactId() != null) {
                chain = chain.compose(v -> records.requireReadable(conn, p, CONTACT, attendee.contactId(), "attendees"));
            }
        }
        return chain;
    }
}
