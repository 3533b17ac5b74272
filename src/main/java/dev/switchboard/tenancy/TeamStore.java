package dev.switchboard.tenancy;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Teams and their members. Every statement binds the tenant. */
public final class TeamStore {

    static final String INSERT = "INSERT INTO teams (tenant_id, id, name, description) VALUES ($1, $2, $3, $4)";
    static final String FIND = "SELECT " + Team.COLUMNS + " FROM teams t WHERE t.tenant_id = $1 AND t.id = $2";
    static final String LIST = "SELECT " + Team.COLUMNS + " FROM teams t WHERE t.tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR t.id > $2) ORDER BY t.id LIMIT $3";
    static final String UPDATE = """
            UPDATE teams SET name = $3, description = $4, version = version + 1
            WHERE tenant_id = $1 AND id = $2 AND version = $5""";
    static final String DELETE = "DELETE FROM teams WHERE tenant_id = $1 AND id = $2";
    /** Of the lower-case names in $2, those of the organization's teams, with their ids. */
    static final String IDS_BY_NAME = "SELECT lower(t.name), t.id FROM teams t WHERE t.tenant_id = $1 AND lower(t.name) = ANY($2::text[])";
    static final String ADD_MEMBER = """
            INSERT INTO team_members (tenant_id, team_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING""";
    static final String REMOVE_MEMBER = "DELETE FROM team_members WHERE tenant_id = $1 AND team_id = $2 AND user_id = $3";
    static final String MEMBERS = """
            SELECT u.id, u.email, u.full_name, u.role, m.added_at FROM team_members m
            JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
            WHERE m.tenant_id = $1 AND m.team_id = $2 ORDER BY u.full_name""";

    private TeamStore() {
    }

    static Future<Void> insert(SqlConnection conn, UUID tenantId, UUID id, String name, String description) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, name, description)).mapEmpty();
    }

    public static Future<Team> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(TeamStore::firstOrNull);
    }

    /** Of {@code names} (lower case), those of the organization's teams, with their ids. */
    public static Future<Map<String, UUID>> idsByName(SqlConnection conn, UUID tenantId, Set<String> names) {
        return conn.preparedQuery(IDS_BY_NAME).execute(Tuple.tuple().addUUID(tenantId).addArrayOfString(names.toArray(new String[0])))
                .map(Rows::idsByKey);
    }

    static Future<List<Team>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<Team> teams = new ArrayList<>();
            rows.forEach(row -> teams.add(Team.FROM_ROW.apply(row)));
            return teams;
        });
    }

    /** False when the version did not match (or the team is gone). */
    static Future<Boolean> update(SqlConnection conn, UUID tenantId, UUID id, String name, String description, int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, name, description, version)).map(r -> r.rowCount() == 1);
    }

    static Future<Boolean> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).map(r -> r.rowCount() == 1);
    }

    public static Future<Boolean> addMember(SqlConnection conn, UUID tenantId, UUID teamId, UUID userId) {
        return conn.preparedQuery(ADD_MEMBER).execute(Tuple.of(tenantId, teamId, userId)).map(r -> r.rowCount() == 1);
    }

    public static Future<Boolean> removeMember(SqlConnection conn, UUID tenantId, UUID teamId, UUID userId) {
        return conn.preparedQuery(REMOVE_MEMBER).execute(Tuple.of(tenantId, teamId, userId)).map(r -> r.rowCount() == 1);
    }

    static Future<JsonArray> members(SqlConnection conn, UUID tenantId, UUID teamId) {
        return conn.preparedQuery(MEMBERS).execute(Tuple.of(tenantId, teamId)).map(rows -> {
            JsonArray out = new JsonArray();
            rows.forEach(r -> out.add(new JsonObject()
                    .put("id", r.getUUID("id").toString())
                    .put("email", r.getString("email"))
                    .put("fullName", r.getString("full_name"))
                    .put("role", r.getString("role"))
                    .put("addedAt", Timestamps.format(r.getOffsetDateTime("added_at")))));
            return out;
        });
    }

    private static Team firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Team.FROM_ROW.apply(rows.iterator().next());
    }
}
