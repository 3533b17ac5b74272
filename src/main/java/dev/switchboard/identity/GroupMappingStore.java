package dev.switchboard.identity;

import dev.switchboard.platform.db.Rows;
import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Group mappings, and what applying them reads: a user's group names and current teams. */
final class GroupMappingStore {

    static final String ALL = "SELECT " + GroupMapping.COLUMNS + " FROM group_mappings WHERE tenant_id = $1";
    static final String LIST = "SELECT " + GroupMapping.COLUMNS + " FROM group_mappings WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String FIND = "SELECT " + GroupMapping.COLUMNS + " FROM group_mappings WHERE tenant_id = $1 AND id = $2";
    static final String INSERT = "INSERT INTO group_mappings (tenant_id, id, group_name, role, team_ids) VALUES ($1, $2, $3, $4, $5) "
            + "RETURNING " + GroupMapping.COLUMNS;
    static final String UPDATE = """
            UPDATE group_mappings SET group_name = $3, role = $4, team_ids = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 AND version = $6 RETURNING""" + " " + GroupMapping.COLUMNS;
    static final String DELETE = "DELETE FROM group_mappings WHERE tenant_id = $1 AND id = $2";
    static final String GROUP_NAMES_OF_USER = """
            SELECT lower(g.display_name) FROM scim_group_members m
            JOIN scim_groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
            WHERE m.tenant_id = $1 AND m.user_id = $2""";
    static final String TEAMS_OF_USER = "SELECT team_id FROM team_members WHERE tenant_id = $1 AND user_id = $2";
    static final String MEMBERS_OF_GROUPS_NAMED = """
            SELECT DISTINCT m.user_id FROM scim_group_members m
            JOIN scim_groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
            WHERE m.tenant_id = $1 AND lower(g.display_name) = ANY($2)""";
    static final String EXISTING_TEAMS = "SELECT id FROM teams WHERE tenant_id = $1 AND id = ANY($2)";

    private GroupMappingStore() {
    }

    static Future<List<GroupMapping>> all(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(ALL).execute(Tuple.of(tenantId)).map(GroupMappingStore::mappings);
    }

    static Future<List<GroupMapping>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(GroupMappingStore::mappings);
    }

    static Future<GroupMapping> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(rows -> first(rows));
    }

    static Future<GroupMapping> insert(SqlConnection conn, UUID tenantId, UUID id, String groupName, String role, List<UUID> teamIds) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, groupName, role, (Object) teamIds.toArray(UUID[]::new)))
                .map(GroupMappingStore::first);
    }

    /** The mapping as changed; null when {@code version} is no longer current. */
    static Future<GroupMapping> update(SqlConnection conn, UUID tenantId, UUID id, String groupName, String role, List<UUID> teamIds,
                                       int version) {
        return conn.preparedQuery(UPDATE).execute(Tuple.of(tenantId, id, groupName, role, teamIds.toArray(UUID[]::new), version))
                .map(GroupMappingStore::first);
    }

    static Future<Void> delete(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** The lower-cased names of the user's groups. */
    static Future<Set<String>> groupNamesOf(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(GROUP_NAMES_OF_USER).execute(Tuple.of(tenantId, userId)).map(rows -> {
            Set<String> out = new HashSet<>();
            rows.forEach(r -> out.add(r.getString(0)));
            return out;
        });
    }

    static Future<Set<UUID>> teamsOf(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(TEAMS_OF_USER).execute(Tuple.of(tenantId, userId)).map(GroupMappingStore::ids);
    }

    /** Members of the groups with these (lower-cased) names. */
    static Future<Set<UUID>> membersOfGroupsNamed(SqlConnection conn, UUID tenantId, Set<String> names) {
        return conn.preparedQuery(MEMBERS_OF_GROUPS_NAMED).execute(Tuple.of(tenantId, (Object) names.toArray(String[]::new)))
                .map(GroupMappingStore::ids);
    }

    static Future<Set<UUID>> existingTeams(SqlConnection conn, UUID tenantId, List<UUID> ids) {
        return conn.preparedQuery(EXISTING_TEAMS).execute(Tuple.of(tenantId, (Object) ids.toArray(UUID[]::new))).map(GroupMappingStore::ids);
    }

    private static Set<UUID> ids(RowSet<Row> rows) {
        Set<UUID> out = new HashSet<>();
        rows.forEach(r -> out.add(r.getUUID(0)));
        return out;
    }

    private static GroupMapping first(RowSet<Row> rows) {
        return Rows.first(rows, GroupMapping.FROM_ROW);
    }

    private static List<GroupMapping> mappings(RowSet<Row> rows) {
        return Rows.all(rows, GroupMapping.FROM_ROW);
    }
}
