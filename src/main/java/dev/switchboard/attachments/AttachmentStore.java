package dev.switchboard.attachments;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Attachment rows. Every statement binds the tenant. */
final class AttachmentStore {

    static final String INSERT = """
            INSERT INTO attachments (tenant_id, id, entity_type, entity_id, filename, content_type, size_bytes, sha256, uploaded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            RETURNING""" + " " + Attachment.COLUMNS.replace("a.", "");
    static final String FIND = "SELECT " + Attachment.COLUMNS + " FROM attachments a WHERE a.tenant_id = $1 AND a.id = $2";
    /** Newest first; the cursor is the last attachment's id. */
    static final String LIST = "SELECT " + Attachment.COLUMNS + """
             FROM attachments a WHERE a.tenant_id = $1 AND a.entity_type = $2 AND a.entity_id = $3
              AND ($4::uuid IS NULL OR a.id < $4)
            ORDER BY a.id DESC LIMIT $5""";
    static final String DELETE = "DELETE FROM attachments WHERE tenant_id = $1 AND id = $2";

    private AttachmentStore() {
    }

    static Future<Attachment> insert(SqlConnection conn, UUID tenantId, Attachment a) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, a.id(), a.entityType(), a.entityId(), a.filename(), a.contentType())
                .addLong(a.sizeBytes()).addString(a.sha256()).addUUID(a.uploadedBy())).map(AttachmentStore::firstOrNull);
    }

    static Future<Attachment> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(AttachmentStore::firstOrNull);
    }

    static Future<List<Attachment>> list(SqlConnection conn, UUID tenantId, String entityType, UUID entityId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, entityType, entityId, page.after(), page.limit())).map(rows -> {
            List<Attachment> out = new ArrayList<>();
            rows.forEach(row -> out.add(Attachment.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the row was gone already. */
    static Future<Boolean> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
    }

    private static Attachment firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Attachment.FROM_ROW.apply(rows.iterator().next());
    }
}
