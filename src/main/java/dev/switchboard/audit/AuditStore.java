package dev.switchboard.audit;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Reads the audit log: filtered pages, cursors for export and verification, and the chain head. */
final class AuditStore {

    static final String PAGE = "SELECT " + AuditRecord.COLUMNS + " FROM audit_log WHERE " + AuditFilter.PREDICATE
            + " AND ($8::uuid IS NULL OR id < $8) ORDER BY id DESC LIMIT $9";
    static final String PAGE_OLDEST = Pages.reversed(PAGE, "id");
    static final String EXPORT = "SELECT " + AuditRecord.COLUMNS + " FROM audit_log WHERE " + AuditFilter.PREDICATE
            + " ORDER BY id";
    static final String CHAIN = "SELECT chain_seq, prev_hash, hash, " + AuditRecord.COLUMNS
            + " FROM audit_chain JOIN audit_log USING (tenant_id, id) WHERE tenant_id = $1 ORDER BY chain_seq";
    static final String HEAD = "SELECT chain_seq FROM audit_chain_heads WHERE tenant_id = $1";
    /** Entries not linked yet, however the chainer is doing. */
    static final String UNCHAINED = "SELECT count(*) AS n FROM audit_log a WHERE a.tenant_id = $1"
            + " AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.tenant_id = $1 AND c.id = a.id)";

    private AuditStore() {
    }

    static Future<List<AuditRecord>> page(SqlConnection conn, UUID tenantId, AuditFilter filter, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? PAGE : PAGE_OLDEST).execute(filter.bind(tenantId).addUUID(page.after())
                .addInteger(page.limit())).map(AuditStore::records);
    }

    /** Feeds every matching row, oldest first, to {@code sink} in batches; the next batch is read when the sink is done. */
    static Future<Long> stream(SqlConnection conn, UUID tenantId, AuditFilter filter, int batch,
                               Function<List<AuditRecord>, Future<Void>> sink) {
        return conn.prepare(EXPORT).compose(statement -> pump(statement.cursor(filter.bind(tenantId)), batch,
                rows -> sink.apply(records(rows)), 0L));
    }

    /** Every chained row of the tenant in chain order, batch by batch. */
    static Future<Long> chain(SqlConnection conn, UUID tenantId, int batch, Function<RowSet<Row>, Future<Void>> sink) {
        return conn.prepare(CHAIN).compose(statement -> pump(statement.cursor(Tuple.of(tenantId)), batch, sink, 0L));
    }

    static Future<Long> head(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(HEAD).execute(Tuple.of(tenantId))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("chain_seq"));
    }

    static Future<Long> unchained(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(UNCHAINED).execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Future<Long> pump(Cursor cursor, int batch, Function<RowSet<Row>, Future<Void>> sink, long done) {
        return cursor.read(batch).compose(rows -> sink.apply(rows).compose(v -> cursor.hasMore()
                ? pump(cursor, batch, sink, done + rows.size())
                : cursor.close().map(done + rows.size())));
    }

    private static List<AuditRecord> records(RowSet<Row> rows) {
        List<AuditRecord> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(AuditRecord.FROM_ROW.apply(row)));
        return out;
    }
}
