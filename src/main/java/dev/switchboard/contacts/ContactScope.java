package dev.switchboard.contacts;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Visibility;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Which contacts a caller sees: staff by the shared {@link Visibility} rule on owner and team (or all
 * with {@code contacts.read_all}); a portal customer only their own contact, and none without one.
 * The foundation's {@code Visibility} has no customer branch, hence this wrapper.
 */
record ContactScope(boolean customer, UUID contactId, Visibility staff) {

    static ContactScope of(Principal p) {
        return new ContactScope(p.isCustomer(), p.contactId(), Visibility.of(p, Permission.CONTACTS_READ_ALL));
    }

    /** The predicate on alias {@code c}; it takes five parameters from {@code $first}. */
    static String predicate(int first) {
        return "(CASE WHEN $" + first + " THEN c.id = $" + (first + 1) + " ELSE "
                + Visibility.predicate(first + 2, "c.owner_user_id", "c.team_id") + " END)";
    }

    Tuple bind(Tuple tuple) {
        return staff.bind(tuple.addBoolean(customer).addUUID(contactId));
    }

    /** The same rule for one loaded contact. */
    boolean allows(Contact contact) {
        return customer ? contact.id().equals(contactId) : staff.allows(contact.ownerUserId(), contact.teamId());
    }
}
