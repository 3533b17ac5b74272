package dev.switchboard.identity;

import dev.switchboard.platform.db.Rows;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Users and groups as SCIM reads and writes them. Every statement binds the tenant. */
final class ScimStore {

    /** The password hash of an account that signs in only through its identity provider: no password matches it. */
    static final String NO_PASSWORD = "!sso";

    private static final String USER_FILTER = """
             WHERE tenant_id = $1 AND ($2::text IS NULL OR lower(email) = lower($2))
              AND ($3::text IS NULL OR external_id = $3) AND ($4::uuid IS NULL OR id = $4)""";
    static final String LIST_USERS = "SELECT " + ScimUser.COLUMNS + " FROM users " + USER_FILTER
            + " ORDER BY created_at, id OFFSET $5 LIMIT $6";
    static final String COUNT_USERS = "SELECT count(*) FROM users " + USER_FILTER;
    static final String FIND_USER = "SELECT " + ScimUser.COLUMNS + " FROM users WHERE tenant_id = $1 AND id = $2";
    static final String LOCK_USER = FIND_USER + " FOR UPDATE";
    static final String INSERT_USER = """
            INSERT INTO users (tenant_id, id, email, full_name, password_hash, role, given_name, family_name, external_id,
                               active, scim_managed)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true) RETURNING""" + " " + ScimUser.COLUMNS;
    static final String UPDATE_USER = """
            UPDATE users SET email = $3, full_name = $4, given_name = $5, family_name = $6, external_id = $7, active = $8,
                             scim_managed = true, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + ScimUser.COLUMNS;
    static final String GROUPS_OF_USERS = """
            SELECT m.user_id, g.id, g.display_name FROM scim_group_members m
            JOIN scim_groups g ON g.tenant_id = m.tenant_id AND g.id = m.group_id
            WHERE m.tenant_id = $1 AND m.user_id = ANY($2) ORDER BY lower(g.display_name)""";
    static final String EXISTING_USERS = "SELECT id FROM users WHERE tenant_id = $1 AND id = ANY($2)";
    static final String MANAGE_USERS = "UPDATE users SET scim_managed = true, version = version + 1, updated_at = now() "
            + "WHERE tenant_id = $1 AND id = ANY($2) AND NOT scim_managed";

    private static final String GROUP_FILTER = """
             WHERE tenant_id = $1 AND ($2::text IS NULL OR lower(display_name) = lower($2))
              AND ($3::text IS NULL OR external_id = $3) AND ($4::uuid IS NULL OR id = $4)""";
    static final String LIST_GROUPS = "SELECT " + ScimGroup.COLUMNS + " FROM scim_groups " + GROUP_FILTER
            + " ORDER BY created_at, id OFFSET $5 LIMIT $6";
    static final String COUNT_GROUPS = "SELECT count(*) FROM scim_groups " + GROUP_FILTER;
    static final String FIND_GROUP = "SELECT " + ScimGroup.COLUMNS + " FROM scim_groups WHERE tenant_id = $1 AND id = $2";
    static final String LOCK_GROUP = FIND_GROUP + " FOR UPDATE";
    static final String INSERT_GROUP = "INSERT INTO scim_groups (tenant_id, id, display_name, external_id) VALUES ($1, $2, $3, $4) "
            + "RETURNING " + ScimGroup.COLUMNS;
    static final String UPDATE_GROUP = """
            UPDATE scim_groups SET display_name = $3, external_id = $4, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + ScimGroup.COLUMNS;
    static final String DELETE_GROUP = "DELETE FROM scim_groups WHERE tenant_id = $1 AND id = $2";
    static final String MEMBERS = """
            SELECT m.group_id, u.id, u.full_name FROM scim_group_members m
            JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id
            WHERE m.tenant_id = $1 AND m.group_id = ANY($2) ORDER BY u.full_name, u.id""";
    static final String ADD_MEMBERS = """
            INSERT INTO scim_group_members (tenant_id, group_id, user_id)
            SELECT $1, $2, u.id FROM users u WHERE u.tenant_id = $1 AND u.id = ANY($3)
            ON CONFLICT DO NOTHING RETURNING user_id""";
    static final String REMOVE_MEMBERS = """
            DELETE FROM scim_group_members WHERE tenant_id = $1 AND group_id = $2 AND user_id = ANY($3) RETURNING user_id""";

    private ScimStore() {
    }

    /** What a list asks for: at most one of each filter value, a 1-based start and a page size. */
    record Query(String name, String externalId, UUID id, int startIndex, int count) {
    }

    /** One page of a list and the total the filter matches. */
    record Page<T>(List<T> items, int total) {
    }

    static Future<Page<ScimUser>> users(SqlConnection conn, UUID tenantId, Query q) {
        Tuple filter = Tuple.of(tenantId, q.name(), q.externalId(), q.id());
        Future<Integer> total = conn.preparedQuery(COUNT_USERS).execute(filter).map(rows -> rows.iterator().next().getLong(0).intValue());
        Future<List<ScimUser>> items = conn.preparedQuery(LIST_USERS).execute(Tuple.of(tenantId, q.name(), q.externalId(), q.id(),
                q.startIndex() - 1, q.count())).map(rows -> Rows.all(rows, ScimUser.FROM_ROW));
        return total.compose(n -> items.map(list -> new Page<>(list, n)));
    }

    static Future<ScimUser> user(SqlConnection conn, UUID tenantId, UUID id, boolean lock) {
        return conn.preparedQuery(lock ? LOCK_USER : FIND_USER).execute(Tuple.of(tenantId, id))
                .map(rows -> Rows.first(rows, ScimUser.FROM_ROW));
    }

    static Future<ScimUser> insertUser(SqlConnection conn, UUID tenantId, UUID id, ScimUser.Attributes a, String role) {
        return conn.preparedQuery(INSERT_USER).execute(Tuple.from(new Object[] {tenantId, id, a.email(), a.fullName(), NO_PASSWORD, role,
                        a.givenName(), a.familyName(), a.externalId(), a.active()}))
                .map(rows -> ScimUser.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<ScimUser> updateUser(SqlConnection conn, UUID tenantId, UUID id, ScimUser.Attributes a) {
        return conn.preparedQuery(UPDATE_USER).execute(Tuple.from(new Object[] {tenantId, id, a.email(), a.fullName(), a.givenName(),
                        a.familyName(), a.externalId(), a.active()}))
                .map(rows -> ScimUser.FROM_ROW.apply(rows.iterator().next()));
    }

    /** Each user's groups as {@code id → display name}, in name order (users in no group are absent). */
    static Future<Map<UUID, Map<UUID, String>>> groupsOf(SqlConnection conn, UUID tenantId, List<UUID> userIds) {
        return conn.preparedQuery(GROUPS_OF_USERS).execute(Tuple.of(tenantId, (Object) userIds.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Map<UUID, String>> out = new HashMap<>();
            rows.forEach(r -> out.computeIfAbsent(r.getUUID("user_id"), k -> new java.util.LinkedHashMap<>())
                    .put(r.getUUID("id"), r.getString("display_name")));
            return out;
        });
    }

    /** Which of {@code ids} are users of the tenant. */
    static Future<Set<UUID>> existingUsers(SqlConnection conn, UUID tenantId, Set<UUID> ids) {
        return conn.preparedQuery(EXISTING_USERS).execute(Tuple.of(tenantId, (Object) ids.toArray(UUID[]::new))).map(ScimStore::ids);
    }

    /** From now on the identity provider decides the role and mapped teams of {@code ids}. */
    static Future<Void> manage(SqlConnection conn, UUID tenantId, Set<UUID> ids) {
        return ids.isEmpty() ? Future.succeededFuture()
                : conn.preparedQuery(MANAGE_USERS).execute(Tuple.of(tenantId, (Object) ids.toArray(UUID[]::new))).mapEmpty();
    }

    static Future<Page<ScimGroup>> groups(SqlConnection conn, UUID tenantId, Query q) {
        Tuple filter = Tuple.of(tenantId, q.name(), q.externalId(), q.id());
        Future<Integer> total = conn.preparedQuery(COUNT_GROUPS).execute(filter).map(rows -> rows.iterator().next().getLong(0).intValue());
        Future<List<ScimGroup>> items = conn.preparedQuery(LIST_GROUPS).execute(Tuple.of(tenantId, q.name(), q.externalId(), q.id(),
                q.startIndex() - 1, q.count())).map(rows -> Rows.all(rows, ScimGroup.FROM_ROW));
        return total.compose(n -> items.compose(list -> withMembers(conn, tenantId, list)).map(list -> new Page<>(list, n)));
    }

    static Future<ScimGroup> group(SqlConnection conn, UUID tenantId, UUID id, boolean lock) {
        return conn.preparedQuery(lock ? LOCK_GROUP : FIND_GROUP).execute(Tuple.of(tenantId, id))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null)
                        : withMembers(conn, tenantId, List.of(ScimGroup.FROM_ROW.apply(rows.iterator().next()))).map(list -> list.get(0)));
    }

    static Future<ScimGroup> insertGroup(SqlConnection conn, UUID tenantId, UUID id, String displayName, String externalId) {
        return conn.preparedQuery(INSERT_GROUP).execute(Tuple.of(tenantId, id, displayName, externalId))
                .map(rows -> ScimGroup.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<ScimGroup> updateGroup(SqlConnection conn, UUID tenantId, UUID id, String displayName, String externalId) {
        return conn.preparedQuery(UPDATE_GROUP).execute(Tuple.of(tenantId, id, displayName, externalId))
                .map(rows -> ScimGroup.FROM_ROW.apply(rows.iterator().next()));
    }

    static Future<Void> deleteGroup(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(DELETE_GROUP).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** Adds the users of the tenant among {@code userIds}; the ones that were not members yet. */
    static Future<Set<UUID>> addMembers(SqlConnection conn, UUID tenantId, UUID groupId, Set<UUID> userIds) {
        return userIds.isEmpty() ? Future.succeededFuture(Set.of())
                : conn.preparedQuery(ADD_MEMBERS).execute(Tuple.of(tenantId, groupId, (Object) userIds.toArray(UUID[]::new))).map(ScimStore::ids);
    }

    /** Removes {@code userIds}; the ones that were members. */
    static Future<Set<UUID>> removeMembers(SqlConnection conn, UUID tenantId, UUID groupId, Set<UUID> userIds) {
        return userIds.isEmpty() ? Future.succeededFuture(Set.of())
                : conn.preparedQuery(REMOVE_MEMBERS).execute(Tuple.of(tenantId, groupId, (Object) userIds.toArray(UUID[]::new))).map(ScimStore::ids);
    }

    private static Future<List<ScimGroup>> withMembers(SqlConnection conn, UUID tenantId, List<ScimGroup> groups) {
        if (groups.isEmpty()) {
            return Future.succeededFuture(groups);
        }
        UUID[] ids = groups.stream().map(ScimGroup::id).toArray(UUID[]::new);
        return conn.preparedQuery(MEMBERS).execute(Tuple.of(tenantId, (Object) ids)).map(rows -> {
            Map<UUID, List<ScimGroup.Member>> members = new HashMap<>();
            rows.forEach(r -> members.computeIfAbsent(r.getUUID("group_id"), k -> new ArrayList<>())
                    .add(new ScimGroup.Member(r.getUUID("id"), r.getString("full_name"))));
            return groups.stream().map(g -> g.withMembers(members.getOrDefault(g.id(), List.of()))).toList();
        });
    }

    private static Set<UUID> ids(RowSet<Row> rows) {
        Set<UUID> out = new LinkedHashSet<>();
        rows.forEach(r -> out.add(r.getUUID(0)));
        return out;
    }
}
