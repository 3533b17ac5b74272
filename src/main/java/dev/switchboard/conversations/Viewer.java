package dev.switchboard.conversations;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Visibility;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Which conversations and messages one caller may read: staff by the shared {@link Visibility} rule on
 * assignee and team, portal customers the conversations of their own contact without internal notes.
 * Statements embed {@link #PREDICATE} and bind {@link #bind} as parameters $2 to $6.
 */
record Viewer(Visibility visibility, UUID customerContactId, boolean seesNotes) {

    /** Parameters $2-$4 are the visibility rule, $5 the customer's contact (null for staff). */
    static final String PREDICATE = predicate(2);
    /** Parameter $6: whether internal notes count. */
    static final String NOTES = notes(6);

    /** The conversation rule on alias {@code c} with its four parameters from {@code $first}. */
    static String predicate(int first) {
        return "(" + Visibility.predicate(first, "c.assignee_user_id", "c.team_id") + " OR c.contact_id = $" + (first + 3) + ")";
    }

    /** The internal-note rule on messages aliased {@code m}, its parameter at {@code $at}. */
    static String notes(int at) {
        return "($" + at + " OR m.direction <> 'internal_note')";
    }

    static Viewer of(Principal p) {
        Visibility visibility = Visibility.of(p, Permission.CONVERSATIONS_READ_ALL);
        return p.isCustomer() ? new Viewer(visibility, p.contactId(), false) : new Viewer(visibility, null, true);
    }

    /** The caller reading back what they just wrote, even if it is now outside their visibility. */
    static Viewer writer(Principal p) {
        return new Viewer(new Visibility(true, p.userId(), new UUID[0]), null, !p.isCustomer());
    }

    UUID userId() {
        return visibility.userId();
    }

    /** Appends $2-$6 to a tuple that holds the tenant as $1. */
    Tuple bind(Tuple tuple) {
        return bindRule(tuple).addBoolean(seesNotes);
    }

    /** Appends the four parameters of {@link #predicate}. */
    Tuple bindRule(Tuple tuple) {
        return visibility.bind(tuple).addUUID(customerContactId);
    }
}
