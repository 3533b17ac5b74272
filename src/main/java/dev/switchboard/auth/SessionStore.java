package dev.switchboard.auth;

import dev.switchboard.platform.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Refresh tokens (login sessions) and the email → tenant lookup that login starts with. */
public final class SessionStore {

    /** Cross-tenant by design: the caller does not know their tenant yet. */
    static final String FIND_LOGIN = "SELECT tenant_id, user_id FROM auth_find_login($1)";
    static final String INSERT = """
            INSERT INTO refresh_tokens (tenant_id, id, user_id, family_id, token_hash, expires_at, ip, user_agent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    static final String LOCK = """
            SELECT id, user_id, family_id, token_hash, expires_at, used_at, revoked_at
            FROM refresh_tokens WHERE tenant_id = $1 AND id = $2 FOR UPDATE""";
    static final String MARK_USED = "UPDATE refresh_tokens SET used_at = now() WHERE tenant_id = $1 AND id = $2";
    /**
     * Revokes the live refresh tokens matching the {@code WHERE} clause and, when any were, writes one
     * {@link AccessChanges#SESSIONS_REVOKED} event naming the ended sessions: every node then stops their access tokens and closes
     * their sockets, instead of waiting for its caches to expire. $1 tenant, $2 user, $3 reason.
     */
    private static String revoking(String where) {
        return """
                WITH revoked AS (
                    UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3
                    WHERE tenant_id = $1 AND user_id = $2 AND revoked_at IS NULL AND %s
                    RETURNING family_id),
                event AS (
                    INSERT INTO outbox (tenant_id, id, type, actor_type, payload)
                    SELECT $1, gen_random_uuid(), '%s', 'system', jsonb_build_object('userId', $2::text,
                           'sessionIds', jsonb_agg(DISTINCT family_id), 'reason', $3::text)
                    FROM revoked HAVING count(*) > 0)
                SELECT count(*) AS revoked FROM revoked""".formatted(where, AccessChanges.SESSIONS_REVOKED);
    }

    static final String REVOKE_FAMILY = revoking("family_id = $4");
    static final String REVOKE_USER = revoking("true");
    static final String REVOKE_OTHERS = revoking("family_id IS DISTINCT FROM $4");
    /** A user's live sessions, newest activity first: each family's start, last rotation and latest client. */
    static final String LIST_SESSIONS = """
            SELECT family_id, min(created_at) AS started_at, max(created_at) AS last_active_at, max(expires_at) AS expires_at,
                   (array_agg(ip ORDER BY created_at DESC))[1] AS ip,
                   (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent
            FROM refresh_tokens WHERE tenant_id = $1 AND user_id = $2
            GROUP BY family_id
            HAVING bool_and(revoked_at IS NULL) AND max(expires_at) > now()
            ORDER BY max(created_at) DESC LIMIT 200""";

    private SessionStore() {
    }

    /** A stored refresh token, locked for the rest of the transaction. */
    record StoredToken(UUID id, UUID userId, UUID familyId, byte[] hash, OffsetDateTime expiresAt,
                       OffsetDateTime usedAt, OffsetDateTime revokedAt) {
    }

    /** Tenant and user of a login email, or null. */
    public static Future<UUID[]> findLogin(SqlConnection conn, String email) {
        return conn.preparedQuery(FIND_LOGIN).execute(Tuple.of(email)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new UUID[] {row.getUUID("tenant_id"), row.getUUID("user_id")};
        });
    }

    /** Stores a new refresh token of {@code familyId} and returns its bearer form. */
    static Future<String> issue(SqlConnection conn, UUID tenantId, UUID userId, UUID familyId, UUID tokenId, Duration ttl,
                                dev.switchboard.platform.http.RequestMeta meta) {
        OpaqueToken token = OpaqueToken.generate(tenantId, tokenId);
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(ttl);
        String ip = meta == null ? null : meta.ip();
        String agent = meta == null ? null : meta.userAgent();
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {tenantId, tokenId, userId, familyId, token.hash(), expires,
                        ip, agent}))
                .map(token.encode());
    }

    /** One login session as its user sees it. */
    record SessionInfo(UUID id, OffsetDateTime startedAt, OffsetDateTime lastActiveAt, OffsetDateTime expiresAt, String ip,
                       String userAgent) {
    }

    static Future<java.util.List<SessionInfo>> list(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(LIST_SESSIONS).execute(Tuple.of(tenantId, userId)).map(rows -> {
            java.util.List<SessionInfo> out = new java.util.ArrayList<>();
            rows.forEach(r -> out.add(new SessionInfo(r.getUUID("family_id"), r.getOffsetDateTime("started_at"),
                    r.getOffsetDateTime("last_active_at"), r.getOffsetDateTime("expires_at"), r.getString("ip"), r.getString("user_agent"))));
            return out;
        });
    }

    /** Revokes every session of the user but {@code keepFamilyId} (null: all of them). */
    static Future<Integer> revokeOthers(SqlConnection conn, Outbox outbox, UUID tenantId, UUID userId, UUID keepFamilyId,
                                        String reason) {
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(REVOKE_OTHERS).execute(Tuple.of(tenantId, userId, reason, keepFamilyId)).map(SessionStore::count);
    }

    static Future<StoredToken> lock(SqlConnection conn, UUID tenantId, UUID tokenId) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(tenantId, tokenId)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new StoredToken(r.getUUID("id"), r.getUUID("user_id"), r.getUUID("family_id"),
                    r.getBuffer("token_hash").getBytes(), r.getOffsetDateTime("expires_at"),
                    r.getOffsetDateTime("used_at"), r.getOffsetDateTime("revoked_at"));
        });
    }

    static Future<Void> markUsed(SqlConnection conn, UUID tenantId, UUID tokenId) {
        return conn.preparedQuery(MARK_USED).execute(Tuple.of(tenantId, tokenId)).mapEmpty();
    }

    /** Revokes one session (refresh-token family) of {@code userId}; the number of tokens revoked. */
    static Future<Integer> revokeFamily(SqlConnection conn, Outbox outbox, UUID tenantId, UUID familyId, UUID userId,
                                        String reason) {
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(REVOKE_FAMILY).execute(Tuple.of(tenantId, userId, reason, familyId)).map(SessionStore::count);
    }

    /** Revokes every session of {@code userId}; the number of tokens revoked. */
    public static Future<Integer> revokeUser(SqlConnection conn, Outbox outbox, UUID tenantId, UUID userId, String reason) {
        outbox.wakeRelayOnCommit(conn);
        return conn.preparedQuery(REVOKE_USER).execute(Tuple.of(tenantId, userId, reason)).map(SessionStore::count);
    }

    private static int count(RowSet<Row> rows) {
        return (int) rows.iterator().next().getLong("revoked").longValue();
    }
}
