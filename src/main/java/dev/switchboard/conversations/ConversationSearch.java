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
    public String select(int first) {
        return "SELECT 'conversation'::text, c.id, " + SearchSource.rank("c.search_vector") + ", coalesce(c.subject, ''),"
                + " coalesce(c.subject, ''), NULL::text, NULL::uuid FROM conversations c WHERE c.tenant_id = " + TENANT
                + " AND c.search_vector @@ " + MATCH + " AND " + Viewer.predicate(first);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return Viewer.of(p).bindRule(tuple);
    }
}
