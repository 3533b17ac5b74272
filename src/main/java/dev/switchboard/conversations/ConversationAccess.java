package dev.switchboard.conversations;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/** Who may read a conversation, for this feature's services and for other features through the record registry. */
public final class ConversationAccess implements RecordAccess {

    public static final String TYPE = "conversation";

    private final Db db;

    public ConversationAccess(Db db) {
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
        return ConversationStore.find(conn, p.tenantId(), Viewer.of(p), id).map(c -> c != null);
    }

    /** The conversation as {@code p} sees it; 404 when it is missing, in another organization or not visible. */
    static Future<Conversation> visible(SqlConnection conn, Principal p, UUID id) {
        return ConversationStore.find(conn, p.tenantId(), Viewer.of(p), id).compose(c -> c == null
                ? Future.failedFuture(ApiException.notFound("conversation")) : Future.succeededFuture(c));
    }
}
