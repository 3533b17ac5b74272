package dev.switchboard.notes;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Notes. Every statement binds the tenant; reads also bind the caller's {@link NoteScope}. */
final class NoteStore {

    static final String INSERT = """
            INSERT INTO notes AS n (tenant_id, id, entity_type, entity_id, author_user_id, visibility, team_id, body, pinned)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            RETURNING""" + " " + Note.COLUMNS;
    static final String FIND = "SELECT " + Note.COLUMNS + " FROM notes n WHERE n.tenant_id = $1 AND n.id = $2 AND "
            + NoteScope.predicate(3);
    static final String FIND_ANY = "SELECT " + Note.COLUMNS + " FROM notes n WHERE n.tenant_id = $1 AND n.id = $2";
    /** Pinned first, then newest; the cursor is the last note's id, compared with its (pinned, id). */
    static final String LIST = "SELECT " + Note.COLUMNS + " FROM notes n WHERE n.tenant_id = $1 AND n.entity_type = $2 "
            + "AND n.entity_id = $3 AND " + NoteScope.predicate(4) + """
             AND ($9::uuid IS NULL OR (n.pinned, n.id) < (SELECT a.pinned, a.id FROM notes a WHERE a.tenant_id = $1 AND a.id = $9))
            ORDER BY n.pinned DESC, n.id DESC LIMIT $10""";
    static final String UPDATE = """
            UPDATE notes SET visibility = $3, team_id = $4, body = $5, pinned = $6, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $7 AND deleted_at IS NULL""";
    static final String SOFT_DELETE = """
            UPDATE notes SET deleted_at = now(), version = version + 1
            WHERE tenant_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL""";

    private NoteStore() {
    }

    /** Inserts the note and answers it as stored. */
    static Future<Note> insert(SqlConnection conn, UUID tenantId, Note n) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, n.id(), n.entityType(), n.entityId(), n.authorUserId())
                .addString(n.visibility().wire()).addUUID(n.teamId()).addString(n.body()).addBoolean(n.pinned()))
                .map(NoteStore::firstOrNull);
    }

    /** The note if it is not deleted and {@code scope} reads it, else null. */
    static Future<Note> find(SqlConnection conn, UUID tenantId, UUID id, NoteScope scope) {
        return conn.preparedQuery(FIND).execute(scope.bind(Tuple.of(tenantId, id))).map(NoteStore::firstOrNull);
    }

    static Future<Note> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(NoteStore::firstOrNull);
    }

    static Future<List<Note>> list(SqlConnection conn, UUID tenantId, String entityType, UUID entityId, NoteScope scope, Pages page) {
        Tuple tuple = scope.bind(Tuple.of(tenantId, entityType, entityId)).addUUID(page.after()).addInteger(page.limit());
        return conn.preparedQuery(LIST).execute(tuple).map(rows -> {
            List<Note> out = new ArrayList<>();
            rows.forEach(row -> out.add(Note.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the version did not match or the note is deleted. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, Note n, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, n.id(), n.visibility().wire(), n.teamId(), n.body(), n.pinned())
                .addInteger(version)).map(r -> r.rowCount() == 1);
    }

    static Future<Boolean> softDelete(SqlConnection conn, UUID tenantId, UUID id, int version) {
        return conn.preparedQuery(SOFT_DELETE).execute(Tuple.of(tenantId, id, version)).map(r -> r.rowCount() == 1);
    }

    private static Note firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Note.FROM_ROW.apply(rows.iterator().next());
    }
}
