package dev.switchboard.tenancy;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The registry of {@link RecordAccess} per record type; filled by the composition root. */
public final class Records {

    private final Map<String, RecordAccess> byType = new HashMap<>();

    public Records register(RecordAccess access) {
        for (String type : access.types()) {
            if (byType.putIfAbsent(type, access) != null) {
                throw new IllegalStateException("record type " + type + " registered twice");
            }
        }
        return this;
    }

    public Set<String> types() {
        return Set.copyOf(byType.keySet());
    }

    /** Like {@link #requireReadable(Principal, String, UUID, String)}, inside the caller's transaction on {@code conn}. */
    public Future<Void> requireReadable(SqlConnection conn, Principal p, String type, UUID id, String field) {
        if (id == null) {
            return Future.succeededFuture();
        }
        return canRead(conn, p, type, id).compose(readable -> readable ? Future.<Void>succeededFuture()
                : Future.failedFuture(ApiException.unknownReference(field, "no " + type + " you can read has this id")));
    }

    /** Like {@link #canRead(Principal, String, UUID)}, inside the caller's transaction on {@code conn}. */
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        RecordAccess access = byType.get(type);
        return access == null ? Future.succeededFuture(false) : access.canRead(conn, p, type, id);
    }

    /**
     * For links from one record to another: succeeds when {@code id} is null or {@code p} may read that
     * record; otherwise (unknown type, missing, another tenant's, not visible) fails with a 422 naming
     * {@code field}, which is how a create or update answers a link it cannot accept.
     */
    public Future<Void> requireReadable(Principal p, String type, UUID id, String field) {
        if (id == null) {
            return Future.succeededFuture();
        }
        return canRead(p, type, id).compose(readable -> readable ? Future.<Void>succeededFuture()
                : Future.failedFuture(ApiException.unknownReference(field, "no " + type + " you can read has this id")));
    }

    /** False for an unknown type, a missing record or one {@code p} may not read. */
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        RecordAccess access = byType.get(type);
        return access == null ? Future.succeededFuture(false) : access.canRead(p, type, id);
    }
}
