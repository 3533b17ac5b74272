package dev.switchboard.imports;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The rejected rows of imports. Every statement binds the tenant. */
final class ImportStore {

    /** Idempotent: a run that resumes after a crash writes the same errors under the same ids. */
    static final String INSERT_ERRORS = """
            INSERT INTO import_errors (tenant_id, job_id, id, row_number, field, message)
            SELECT $1, $2, e.id, e.row_number, e.field, e.message
              FROM unnest($3::uuid[], $4::int[], $5::text[], $6::text[]) AS e (id, row_number, field, message)
            ON CONFLICT DO NOTHING""";
    static final String LIST_ERRORS = """
            SELECT id, row_number, field, message FROM import_errors
            WHERE tenant_id = $1 AND job_id = $2 AND ($3::uuid IS NULL OR id > $3) ORDER BY id LIMIT $4""";

    private static final int MAX_TEXT = 500;

    private ImportStore() {
    }

    static Future<Void> insertErrors(SqlClient conn, UUID tenantId, UUID jobId, List<RowError> errors) {
        if (errors.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = errors.size();
        UUID[] ids = new UUID[n];
        Integer[] rows = new Integer[n];
        String[] fields = new String[n];
        String[] messages = new String[n];
        for (int i = 0; i < n; i++) {
            RowError e = errors.get(i);
            ids[i] = e.id();
            rows[i] = e.row();
            fields[i] = truncate(e.field());
            messages[i] = truncate(e.message());
        }
        return conn.preparedQuery(INSERT_ERRORS).execute(Tuple.of(tenantId, jobId, ids, rows, fields, messages)).mapEmpty();
    }

    static Future<List<RowError>> listErrors(SqlClient conn, UUID tenantId, UUID jobId, Pages page) {
        return conn.preparedQuery(LIST_ERRORS).execute(Tuple.of(tenantId, jobId, page.after(), page.limit())).map(rows -> {
            List<RowError> out = new ArrayList<>();
            rows.forEach(row -> out.add(new RowError(row.getUUID("id"), row.getInteger("row_number"), row.getString("field"),
                    row.getString("message"))));
            return out;
        });
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
