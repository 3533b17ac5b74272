package dev.switchboard.conversations;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/** Conversations in cross-record search: full text on the subject; read by {@link Viewer}. */
public final class ConversationSearch implements SearchSource {

    @Override
    public String type() {
        return ConversationAccess.TYPE;
    }

    @Override
    public String table() {
        return "conversations";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'conversation'::text, c.id, m.rank, coalesce(c.subject, ''), coalesce(c.subject, ''), NULL::text, NULL::uuid"
                + " FROM " + matches + " m JOIN conversations c ON c.tenant_id = " + TENANT + " AND c.id = m.id"
                + " WHERE " + Viewer.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return Viewer.of(p).bindRule(tuple);
    }
}
