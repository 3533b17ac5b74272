package dev.switchboard.conversations;

import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/**
 * Who may read one message, for features that hang things on messages (attachments): whoever reads its
 * conversation, except that portal customers never read internal notes. Not registered as a record type of its
 * own: a message's events are routed by its conversation.
 */
public final class MessageAccess implements RecordAccess {

    public static final String TYPE = "message";

    private final Db db;

    public MessageAccess(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return db.inTenant(p.tenantId(), conn -> canRead(conn, p, type, id));
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        Viewer viewer = Viewer.of(p);
        return MessageStore.findAny(conn, p.tenantId(), id).compose(m -> m == null
                || (!viewer.seesNotes() && "internal_note".equals(m.direction()))
                ? Future.succeededFuture(false)
                : ConversationStore.find(conn, p.tenantId(), viewer, m.conversationId()).map(c -> c != null));
    }
}
