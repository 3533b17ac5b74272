package dev.switchboard.notes;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/**
 * Notes in cross-record search: full text on the body's text; read by {@link NoteScope}. A note's hit names
 * its record as the parent, which the search checks like {@link NoteService} does.
 */
public final class NoteSearch implements SearchSource {

    @Override
    public String type() {
        return NoteAccess.TYPE;
    }

    @Override
    public String table() {
        return "notes";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'note'::text, n.id, m.rank, left(btrim(search_plain(n.body)), 80), search_plain(n.body), n.entity_type,"
                + " n.entity_id FROM " + matches + " m JOIN notes n ON n.tenant_id = " + TENANT + " AND n.id = m.id"
                + " WHERE " + NoteScope.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return NoteScope.of(p).bind(tuple);
    }

    @Override
    public boolean checksParent() {
        return false;
    }
}
