package dev.switchboard.contacts;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/**
 * Contacts in cross-record search: full text on name, email, company and tags, plus substring and trigram
 * matching on name, email and phone; read by {@link ContactScope}. Archived contacts are left out.
 */
public final class ContactSearch implements SearchSource {

    @Override
    public String type() {
        return "contact";
    }

    @Override
    public String table() {
        return "contacts";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'contact'::text, c.id, m.rank, c.full_name, concat_ws(' ', c.full_name, c.email, c.company, c.phone),"
                + " NULL::text, NULL::uuid FROM " + matches + " m JOIN contacts c ON c.tenant_id = " + TENANT
                + " AND c.id = m.id WHERE c.archived_at IS NULL AND " + ContactScope.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return ContactScope.of(p).bind(tuple);
    }
}
