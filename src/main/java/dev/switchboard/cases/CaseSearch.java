package dev.switchboard.cases;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/** Cases in cross-record search: full text on the title; read by {@link CaseVisibility}. Archived cases are left out. */
public final class CaseSearch implements SearchSource {

    @Override
    public String type() {
        return "case";
    }

    @Override
    public String table() {
        return "cases";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'case'::text, c.id, m.rank, c.title, c.title, NULL::text, NULL::uuid FROM " + matches
                + " m JOIN cases c ON c.tenant_id = " + TENANT + " AND c.id = m.id WHERE c.archived_at IS NULL AND "
                + CaseVisibility.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return CaseVisibility.bind(tuple, p);
    }
}
