package dev.switchboard.realtime;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Last-seen times of users, and the organization's members with theirs. */
final class PresenceStore {

    static final String TOUCH = """
            INSERT INTO presence (tenant_id, user_id, last_seen_at)
            SELECT $1, seen.user_id, seen.at FROM unnest($2::uuid[], $3::timestamptz[]) AS seen (user_id, at)
            ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_seen_at = GREATEST(presence.last_seen_at, EXCLUDED.last_seen_at)""";
    static final String MEMBERS = """
            SELECT u.id, p.last_seen_at FROM users u
            LEFT JOIN presence p ON p.tenant_id = $1 AND p.user_id = u.id
            WHERE u.tenant_id = $1 AND u.active AND ($2::uuid IS NULL OR u.id > $2)
            ORDER BY u.id LIMIT $3""";

    /** A member and when they were last seen (null if never). */
    record Member(UUID userId, OffsetDateTime lastSeenAt) {
    }

    static final Function<Row, Member> ROW_TO_MEMBER = row -> new Member(row.getUUID("id"), row.getOffsetDateTime("last_seen_at"));

    private PresenceStore() {
    }

    /** Stores the last-seen times of several users of one tenant in one statement; later times win. */
    static Future<Void> touch(SqlConnection conn, UUID tenantId, Map<UUID, Instant> seen) {
        UUID[] users = new UUID[seen.size()];
        OffsetDateTime[] times = new OffsetDateTime[seen.size()];
        int i = 0;
        for (Map.Entry<UUID, Instant> e : seen.entrySet()) {
            users[i] = e.getKey();
            times[i++] = e.getValue().atOffset(ZoneOffset.UTC);
        }
        return conn.preparedQuery(TOUCH).execute(Tuple.of(tenantId, users, times)).mapEmpty();
    }

    static Future<List<Member>> members(SqlConnection conn, UUID tenantId, Pages page) {
        return conn.preparedQuery(MEMBERS).execute(Tuple.of(tenantId, page.after(), page.limit())).map(rows -> {
            List<Member> members = new ArrayList<>(rows.size());
            rows.forEach(row -> members.add(ROW_TO_MEMBER.apply(row)));
            return members;
        });
    }
}
