package dev.switchboard.audit;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** Reading, verifying and exporting an organization's audit log. */
public final class AuditService {

    private static final int BATCH = 500;

    private final Db db;

    public AuditService(Db db) {
        this.db = db;
    }

    /** Newest first unless {@code page} asks otherwise; requires {@code audit.read}. */
    public Future<List<AuditRecord>> list(Principal p, AuditFilter filter, Pages page) {
        p.require(Permission.AUDIT_READ);
        return db.inTenant(p.tenantId(), conn -> AuditStore.page(conn, p.tenantId(), filter, page));
    }

    /**
     * Recomputes the tenant's hash chain: {@code {valid, checked, pending, problems[{kind, position, id}]}};
     * entries written in the last moments may still be pending. Requires {@code audit.read}.
     */
    public Future<JsonObject> verify(Principal p) {
        p.require(Permission.AUDIT_READ);
        ChainVerification verification = new ChainVerification();
        // Each statement reads what is committed when it starts, and the chainer links entries meanwhile. Counted
        // first (the connection runs the two reads in the order sent), the entries waiting are all in the walk when
        // the count is none: no entry is in neither.
        return db.inTenant(p.tenantId(), conn -> {
            Future<Long> pending = AuditStore.unchained(conn, p.tenantId());
            Future<Long> head = AuditStore.head(conn, p.tenantId());
            return Future.all(pending, head).compose(read -> AuditStore.chain(conn, p.tenantId(), BATCH, rows -> {
                rows.forEach(verification::accept);
                return Future.succeededFuture();
            })).map(n -> {
                verification.finish(head.result());
                return verification.result(pending.result());
            });
        });
    }

    /**
     * Streams every matching entry, oldest first, to {@code sink} in batches, reading the next batch only
     * once the sink is done with the last: memory stays flat however large the log. Requires {@code data.export}.
     */
    public Future<Long> export(Principal p, AuditFilter filter, Function<List<AuditRecord>, Future<Void>> sink) {
        p.require(Permission.DATA_EXPORT);
        return db.inTenant(p.tenantId(), conn -> AuditStore.stream(conn, p.tenantId(), filter, BATCH, sink));
    }
}
