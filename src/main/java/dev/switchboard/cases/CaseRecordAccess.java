package dev.switchboard.cases;

import dev.switchboard.platform.db.Db;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/** Answers for other features whether a caller may read a case, by the same rule as the cases API. */
public final class CaseRecordAccess implements RecordAccess {

    private final Db db;

    public CaseRecordAccess(Db db) {
        this.db = db;
    }

    @Override
    public Set<String> types() {
        return Set.of("case");
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return db.inTenant(p.tenantId(), conn -> canRead(conn, p, type, id));
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return CaseStore.findVisible(conn, p, id).map(c -> c != null);
    }
}
