package dev.switchboard.views;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Saved views. Every statement binds the tenant; reads bind the caller ($2) and their teams ($3). */
final class SavedViewStore {

    /** The views the caller owns, and those shared with the organization or with one of the caller's teams. */
    private static final String READABLE = """
            (v.owner_user_id = $2 OR v.visibility = 'org' OR (v.visibility = 'team' AND v.team_id = ANY($3::uuid[])))""";
    static final String INSERT = """
            INSERT INTO saved_views (tenant_id, id, owner_user_id, name, resource_type, filters, sort, visibility, team_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";
    static final String FIND = "SELECT " + SavedView.COLUMNS + " FROM saved_views v WHERE v.tenant_id = $1 AND " + READABLE
            + " AND v.id = $4";
    static final String FIND_ANY = "SELECT " + SavedView.COLUMNS + " FROM saved_views v WHERE v.tenant_id = $1 AND v.id = $2";
    static final String LIST = "SELECT " + SavedView.COLUMNS + " FROM saved_views v WHERE v.tenant_id = $1 AND " + READABLE + """
             AND ($4::text IS NULL OR v.resource_type = $4) AND ($5::uuid IS NULL OR v.id > $5)
            ORDER BY v.id LIMIT $6""";
    static final String LIST_NEWEST = Pages.reversed(LIST, "v.id");
    static final String UPDATE = """
            UPDATE saved_views SET name = $3, resource_type = $4, filters = $5, sort = $6, visibility = $7, team_id = $8,
                   version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $9""";
    static final String DELETE = "DELETE FROM saved_views WHERE tenant_id = $1 AND id = $2";

    private SavedViewStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, UUID ownerId, SavedViewInput in) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, ownerId, in.name(), in.resourceType(), in.filters(),
                in.sort(), in.visibility()).addUUID(in.teamId())).mapEmpty();
    }

    /** The view if it exists and the reader may see it, else null. */
    static Future<SavedView> find(SqlConnection conn, UUID tenantId, UUID reader, Set<UUID> teams, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, reader, teams.toArray(new UUID[0]), id))
                .map(SavedViewStore::firstOrNull);
    }

    /** The view whoever may see it: for answering a write just made. */
    static Future<SavedView> findAny(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND_ANY).execute(Tuple.of(tenantId, id)).map(SavedViewStore::firstOrNull);
    }

    static Future<List<SavedView>> list(SqlConnection conn, UUID tenantId, UUID reader, Set<UUID> teams, String resourceType,
                                        Pages page) {
        Tuple tuple = Tuple.of(tenantId, reader, teams.toArray(new UUID[0]), resourceType).addUUID(page.after())
                .addInteger(page.limit());
        return conn.preparedQuery(page.newestFirst() ? LIST_NEWEST : LIST).execute(tuple).map(rows -> {
            List<SavedView> out = new ArrayList<>();
            rows.forEach(row -> out.add(SavedView.FROM_ROW.apply(row)));
            return out;
        });
    }

    /** False when the version did not match. */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, SavedView v, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, v.id(), v.name(), v.resourceType(), v.filters(), v.sort(),
                v.visibility(), v.teamId()).addInteger(version)).map(r -> r.rowCount() == 1);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    private static SavedView firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : SavedView.FROM_ROW.apply(rows.iterator().next());
    }
}
