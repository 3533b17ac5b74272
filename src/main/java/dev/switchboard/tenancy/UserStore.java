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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Users, their permission overrides and team memberships. Every statement binds the tenant. */
public final class UserStore {

    static final String INSERT = """
            INSERT INTO users (tenant_id, id, email, full_name, password_hash, role)
            VALUES ($1, $2, $3, $4, $5, $6)
            RETURNING""" + " " + User.COLUMNS;
    static final String FIND = "SELECT " + User.COLUMNS + " FROM users WHERE tenant_id = $1 AND id = $2";
    static final String LIST = "SELECT " + User.COLUMNS + " FROM users WHERE tenant_id = $1 "
            + "AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3";
    static final String UPDATE_ROLE = """
            UPDATE users SET role = $3, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + User.COLUMNS;
    static final String SET_ACTIVE = """
            UPDATE users SET active = $3, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + User.COLUMNS;
    static final String LOCK_ACTIVE_ADMINS = """
            SELECT id FROM users WHERE tenant_id = $1 AND role = 'admin' AND active FOR UPDATE""";
    static final String UPDATE_PROFILE = """
            UPDATE users SET full_name = $3, timezone = $4, avatar_url = $5, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + User.COLUMNS;
    static final String SET_PASSWORD = """
            UPDATE users SET password_hash = $3, version = version + 1, updated_at = now()
            WHERE tenant_id = $1 AND id = $2 RETURNING""" + " " + User.COLUMNS;
    static final String LOCK_ONE = "SELECT " + User.COLUMNS + " FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    static final String TOUCH_LOGIN = "UPDATE users SET last_login_at = now() WHERE tenant_id = $1 AND id = $2";
    /** Role, active flag, permission overrides, teams and contact of the users $2 of one tenant, each row with its id. */
    static final String ACCESS = """
            SELECT u.id, u.role, u.active AND o.active AS active, u.contact_id,
                   coalesce(array_agg(p.permission) FILTER (WHERE p.granted), '{}') AS grants,
                   coalesce(array_agg(p.permission) FILTER (WHERE NOT p.granted), '{}') AS revocations,
                   coalesce((SELECT array_agg(m.team_id) FROM team_members m
                             WHERE m.tenant_id = u.tenant_id AND m.user_id = u.id), '{}') AS team_ids
            FROM users u
            JOIN organizations o ON o.id = u.tenant_id
            LEFT JOIN user_permissions p ON p.tenant_id = u.tenant_id AND p.user_id = u.id
            WHERE u.tenant_id = $1 AND u.id = ANY($2::uuid[])
            GROUP BY u.tenant_id, u.id, u.role, u.active, u.contact_id, o.active""";
    static final String LOCK_USER = "SELECT id FROM users WHERE tenant_id = $1 AND id = $2 FOR UPDATE";
    static final String DELETE_OVERRIDES = "DELETE FROM user_permissions WHERE tenant_id = $1 AND user_id = $2";
    static final String INSERT_OVERRIDE = """
            INSERT INTO user_permissions (tenant_id, user_id, permission, granted) VALUES ($1, $2, $3, $4)""";
    static final String TEAMS_OF = """
            SELECT t.id, t.name FROM team_members m JOIN teams t ON t.tenant_id = m.tenant_id AND t.id = m.team_id
            WHERE m.tenant_id = $1 AND m.user_id = $2 ORDER BY t.name""";

    /** Of the lower-case emails in $2, those of the organization's active staff users, with their ids. */
    static final String ACTIVE_STAFF_BY_EMAIL = """
            SELECT lower(email), id FROM users
            WHERE tenant_id = $1 AND lower(email) = ANY($2::text[]) AND active AND role <> 'customer'""";

    private UserStore() {
    }

    public static Future<User> insert(SqlConnection conn, UUID tenantId, UUID id, String email, String fullName,
                                      String passwordHash, Role role) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(tenantId, id, email, fullName, passwordHash, role.wire()))
                .map(rows -> User.FROM_ROW.apply(rows.iterator().next()));
    }

    /** The user, or null when no such user exists in this tenant. */
    public static Future<User> find(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, id)).map(UserStore::firstOrNull);
    }

    /** Of {@code emails} (lower case), those of the organization's active staff users, with their ids. */
    public static Future<Map<String, UUID>> activeStaffByEmail(SqlConnection conn, UUID tenantId, Set<String> emails) {
        return conn.preparedQuery(ACTIVE_STAFF_BY_EMAIL).execute(Tuple.tuple().addUUID(tenantId)
                .addArrayOfString(emails.toArray(new String[0]))).map(Rows::idsByKey);
    }

    public static Future<List<User>> list(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(LIST).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<User> users = new ArrayList<>(rows.size());
            rows.forEach(row -> users.add(User.FROM_ROW.apply(row)));
            return users;
        });
    }

    public static Future<User> updateRole(SqlConnection conn, UUID tenantId, UUID id, Role role) {
        return conn.preparedQuery(UPDATE_ROLE).execute(Tuple.of(tenantId, id, role.wire())).map(UserStore::firstOrNull);
    }

    public static Future<User> setActive(SqlConnection conn, UUID tenantId, UUID id, boolean active) {
        return conn.preparedQuery(SET_ACTIVE).execute(Tuple.of(tenantId, id, active)).map(UserStore::firstOrNull);
    }

    /** Locks the tenant's active admins (serialising demotions) and counts them. */
    public static Future<Integer> lockActiveAdmins(SqlConnection conn, UUID tenantId) {
        return conn.preparedQuery(LOCK_ACTIVE_ADMINS).execute(Tuple.of(tenantId)).map(RowSet::size);
    }

    public static Future<User> updateProfile(SqlConnection conn, UUID tenantId, UUID id, String fullName, String timezone,
                                             String avatarUrl) {
        return conn.preparedQuery(UPDATE_PROFILE).execute(Tuple.of(tenantId, id, fullName, timezone, avatarUrl)).map(UserStore::firstOrNull);
    }

    public static Future<User> setPassword(SqlConnection conn, UUID tenantId, UUID id, String passwordHash) {
        return conn.preparedQuery(SET_PASSWORD).execute(Tuple.of(tenantId, id, passwordHash)).map(UserStore::firstOrNull);
    }

    /** The user, locked until the transaction ends; null when there is none. */
    public static Future<User> findLocked(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(LOCK_ONE).execute(Tuple.of(tenantId, id)).map(UserStore::firstOrNull);
    }

    public static Future<Void> touchLogin(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(TOUCH_LOGIN).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    /** Current role, active flag and effective permissions; null when the user does not exist. */
    public static Future<UserAccess> access(SqlConnection conn, UUID tenantId, UUID id) {
        return access(conn, tenantId, List.of(id)).map(access -> access.get(id));
    }

    /** {@link #access} of several users in one statement; users that do not exist are missing from the map. */
    public static Future<Map<UUID, UserAccess>> access(SqlConnection conn, UUID tenantId, List<UUID> ids) {
        return conn.preparedQuery(ACCESS).execute(accessOf(tenantId, ids)).map(rows -> {
            Map<UUID, UserAccess> access = new HashMap<>(rows.size() * 2);
            rows.forEach(row -> access.put(row.getUUID("id"), toAccess(row)));
            return access;
        });
    }

    private static Tuple accessOf(UUID tenantId, List<UUID> ids) {
        return Tuple.tuple().addUUID(tenantId).addArrayOfUUID(ids.toArray(UUID[]::new));
    }

    private static UserAccess toAccess(Row row) {
        Role role = Role.fromWire(row.getString("role"));
        Set<String> grants = Set.of(row.getArrayOfStrings("grants"));
        Set<String> revocations = Set.of(row.getArrayOfStrings("revocations"));
        return new UserAccess(role, row.getBoolean("active"), role.effective(grants, revocations),
                Set.of(row.getArrayOfUUIDs("team_ids")), row.getUUID("contact_id"));
    }

    /** Grants and revocations of one user, as stored. */
    public static Future<JsonObject> overrides(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(ACCESS).execute(accessOf(tenantId, List.of(id))).map(rows -> {
            if (rows.size() == 0) {
                return new JsonObject().put("grants", new JsonArray()).put("revocations", new JsonArray());
            }
            Row row = rows.iterator().next();
            return new JsonObject()
                    .put("grants", new JsonArray(sorted(row.getArrayOfStrings("grants"))))
                    .put("revocations", new JsonArray(sorted(row.getArrayOfStrings("revocations"))));
        });
    }

    /**
     * Locks the user's row until the transaction ends, so concurrent changes to what hangs off it (such as its
     * permission overrides) take turns instead of colliding.
     */
    public static Future<Void> lock(SqlConnection conn, UUID tenantId, UUID id) {
        return conn.preparedQuery(LOCK_USER).execute(Tuple.of(tenantId, id)).mapEmpty();
    }

    public static Future<Void> replaceOverrides(SqlConnection conn, UUID tenantId, UUID id, Set<String> grants,
                                                Set<String> revocations) {
        List<Tuple> batch = new ArrayList<>();
        grants.forEach(p -> batch.add(Tuple.of(tenantId, id, p, true)));
        revocations.forEach(p -> batch.add(Tuple.of(tenantId, id, p, false)));
        return conn.preparedQuery(DELETE_OVERRIDES).execute(Tuple.of(tenantId, id)).compose(deleted -> batch.isEmpty()
                ? Future.succeededFuture()
                : conn.preparedQuery(INSERT_OVERRIDE).executeBatch(batch).mapEmpty());
    }

    public static Future<JsonArray> teamsOf(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(TEAMS_OF).execute(Tuple.of(tenantId, userId)).map(rows -> {
            JsonArray teams = new JsonArray();
            rows.forEach(row -> teams.add(new JsonObject().put("id", row.getUUID("id").toString()).put("name", row.getString("name"))));
            return teams;
        });
    }

    private static List<String> sorted(String[] values) {
        List<String> list = new ArrayList<>(new HashSet<>(List.of(values)));
        list.sort(null);
        return list;
    }

    private static User firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : User.FROM_ROW.apply(rows.iterator().next());
    }
}
