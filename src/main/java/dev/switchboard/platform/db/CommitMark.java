package dev.switchboard.platform.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * A statement that commits together with the first write transaction of the request it belongs to, or not at all:
 * an earlier handler leaves it on the request's Vert.x context, and {@link Db#inTenant} sends it right before that
 * request's first {@code COMMIT}, in the same round trip. Whoever reads its effect later knows whether the request's
 * work committed. Requests without a mark pay nothing.
 */
public final class CommitMark {

    private final UUID tenantId;
    private final String sql;
    private final Tuple args;
    private volatile boolean sent;
    private volatile boolean withdrawn;

    /** {@code sql} with {@code args}, to run in a transaction of {@code tenantId}. */
    public CommitMark(UUID tenantId, String sql, Tuple args) {
        this.tenantId = tenantId;
        this.sql = sql;
        this.args = args;
    }

    /** Leaves this mark on the current request's context (each request has a context of its own). */
    public void attach() {
        Context context = Vertx.currentContext();
        if (context != null) {
            context.putLocal(CommitMarkLocal.KEY, this);
        }
    }

    /** The request's work is over: no later transaction of it carries the mark. */
    public void withdraw() {
        withdrawn = true;
    }

    /**
     * The mark the next commit of a {@code tenantId} transaction on the current context must carry, if any; a writer
     * that commits the work of several requests together takes each request's on that request's context.
     */
    public static CommitMark pending(UUID tenantId) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return null;
        }
        CommitMark mark = context.getLocal(CommitMarkLocal.KEY);
        return mark != null && mark.due() && mark.tenantId.equals(tenantId) ? mark : null;
    }

    /** Whether the next commit of its request must still carry this mark. */
    boolean due() {
        return !sent && !withdrawn;
    }

    /** Sends the statement without waiting for it: the {@code COMMIT} that follows goes out with it. */
    Future<?> send(SqlConnection conn) {
        sent = true;
        return conn.preparedQuery(sql).execute(args);
    }

    /** The transaction that carried the mark did not commit: the request's next one carries it again. */
    void unsent() {
        sent = false;
    }
}
