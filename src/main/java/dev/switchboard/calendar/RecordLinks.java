package dev.switchboard.calendar;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;

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

    /** Succeeds when every registered link and contact is readable; else 400 naming {@code links} or {@code attendees}. */
    Future<Void> check(Principal p, List<AppointmentLink> links, List<Attendee> attendees) {
        Future<Void> chain = Future.succeededFuture();
        for (AppointmentLink link : links) {
            chain = chain.compose(v -> readable(p, link.entityType(), link.entityId(), "links"));
        }
        for (Attendee attendee : attendees) {
            if (attendee.contactId() != null) {
                chain = chain.compose(v -> readable(p, CONTACT, attendee.contactId(), "attendees"));
            }
        }
        return chain;
    }

    private Future<Void> readable(Principal p, String type, UUID id, String field) {
        return records.requireReadable(p, type, id, field);
    }
}
