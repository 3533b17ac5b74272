package dev.switchboard.conversations;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.SearchSource;
import io.vertx.sqlclient.Tuple;

/**
 * Messages in cross-record search: full text on the body of messages in conversations the caller reads
 * ({@link Viewer}), internal notes only for staff. A hit names its conversation as the parent.
 */
public final class MessageSearch implements SearchSource {

    @Override
    public String type() {
        return "message";
    }

    @Override
    public String table() {
        return "messages";
    }

    @Override
    public String select(String matches, int first) {
        return "SELECT 'message'::text, m.id, hit.rank, coalesce(c.subject, ''), m.body, 'conversation'::text, c.id FROM "
                + matches + " hit JOIN messages m ON m.tenant_id = " + TENANT + " AND m.id = hit.id"
                + " JOIN conversations c ON c.tenant_id = m.tenant_id AND c.id = m.conversation_id"
                + " WHERE m.deleted_at IS NULL AND " + Viewer.predicate(first) + " AND " + Viewer.notes(first + 4);
    }

    @Override
    public Tuple bind(Tuple tuple, Principal p) {
        return Viewer.of(p).bind(tuple);
    }
}
