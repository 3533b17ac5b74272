package dev.switchboard.contacts;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/** Answers whether a caller may read a contact, for features that link to contacts. */
public final class ContactAccess implements RecordAccess {

    private final ContactService contacts;

    public ContactAccess(ContactService contacts) {
        this.contacts = contacts;
    }

    @Override
    public Set<String> types() {
        return Set.of("contact");
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return contacts.canRead(p, id);
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return contacts.canRead(conn, p, id);
    }
}
