package dev.switchboard.notifications;

import dev.switchboard.platform.http.Pages;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Notifications and notification settings. Every statement binds the tenant as $1 and the user as $2. */
final class NotificationStore {

    static final String LIST = "SELECT " + Notification.COLUMNS + """
             FROM notifications
            WHERE tenant_id = $1 AND user_id = $2 AND ($3::uuid IS NULL OR id < $3) AND (NOT $4 OR read_at IS NULL)
            ORDER BY id DESC LIMIT $5""";
    static final String LIST_OLDEST = Pages.reversed(LIST, "id");
    static final String UNREAD_COUNT = "SELECT count(*)::int AS n FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL";
    static final String FIND = "SELECT " + Notification.COLUMNS + " FROM notifications WHERE tenant_id = $1 AND user_id = $2 AND id = $3";
    static final String MARK_READ = """
            UPDATE notifications SET read_at = now(), version = version + 1
            WHERE tenant_id = $1 AND user_id = $2 AND id = $3 AND read_at IS NULL
            RETURNING""" + " " + Notification.COLUMNS;
    static final String MARK_ALL_READ = """
            UPDATE notifications SET read_at = now(), version = version + 1
            WHERE tenant_id = $1 AND user_id = $2 AND read_at IS NULL""";
    static final String SETTINGS = "SELECT type, in_app, email FROM notification_settings WHERE tenant_id = $1 AND user_id = $2";
    /** Whether the user wants email for type $3: on unless they turned it off. */
    static final String EMAIL_ON = """
            SELECT coalesce((SELECT email FROM notification_settings WHERE tenant_id = $1 AND user_id = $2 AND type = $3), true) AS on""";
    static final String PUT_SETTING = """
            INSERT INTO notification_settings (tenant_id, user_id, type, in_app, email) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (tenant_id, user_id, type) DO UPDATE SET in_app = excluded.in_app, email = excluded.email, updated_at = now()""";
    /**
     * The staff users plain mention handles $2 may name, as (handle, user) pairs: by email, the part of the email before
     * the @, the first name, or the full name without spaces, case-insensitively.
     */
    static final String HANDLES = """
            SELECT DISTINCT h.handle, u.id FROM unnest($2::text[]) AS h(handle)
            JOIN users u ON u.tenant_id = $1 AND u.active AND u.role <> 'customer'
             AND (lower(u.email) = h.handle OR split_part(lower(u.email), '@', 1) = h.handle
                  OR lower(split_part(u.full_name, ' ', 1)) = h.handle OR lower(replace(u.full_name, ' ', '')) = h.handle)""";
    static final String MANAGERS = """
            SELECT id FROM users WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id <> $2) AND role IN ('manager', 'admin') AND active ORDER BY id""";
    /**
     * Dedupe, part 1: a notification stops collapsing repeats one hour after it was created. Closing its
     * window (clearing dedupe_key) takes it out of the partial unique index, so part 2 inserts afresh.
     */
    static final String CLOSE_EXPIRED_WINDOW = """
            UPDATE notifications SET dedupe_key = NULL
            WHERE tenant_id = $1 AND user_id = $2 AND dedupe_key = $3 AND created_at <= now() - interval '1 hour'""";
    /**
     * Dedupe, part 2: one atomic upsert on the partial unique index (tenant, user, dedupe_key): a new
     * notification, or the open one for the key with its count incremented, moved to now and unread again.
     * Concurrent repeats serialise on the index entry, so none is lost or doubled. Nothing is stored for
     * an inactive or unknown user, or one who switched the type off in-app.
     */
    static final String UPSERT = """
            INSERT INTO notifications (tenant_id, id, user_id, type, title, body, link, entity_type, entity_id, dedupe_key)
            SELECT u.tenant_id, $3::uuid, u.id, $4::text, $5::text, $6::text, $7::text, $8::text, $9::uuid, $10::text FROM users u
            WHERE u.tenant_id = $1 AND u.id = $2 AND u.active
              AND NOT EXISTS (SELECT 1 FROM notification_settings s
                              WHERE s.tenant_id = $1 AND s.user_id = $2 AND s.type = $4 AND NOT s.in_app)
            ON CONFLICT (tenant_id, user_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO UPDATE
            SET count = notifications.count + 1, title = excluded.title, body = excluded.body, link = excluded.link,
                read_at = NULL, updated_at = now(), version = notifications.version + 1
            RETURNING""" + " " + Notification.COLUMNS + ", (xmax = 0) AS inserted";

    private NotificationStore() {
    }

    /** A stored notification and whether it is new (false: a repeat collapsed into it). */
    record Upserted(Notification notification, boolean inserted) {
    }

    static Future<List<Notification>> list(SqlConnection conn, UUID tenantId, UUID userId, boolean unreadOnly, Pages page) {
        return conn.preparedQuery(page.newestFirst() ? LIST : LIST_OLDEST)
                .execute(Tuple.of(tenantId, userId, page.after(), unreadOnly, page.limit())).map(rows -> {
            List<Notification> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(Notification.FROM_ROW.apply(row)));
            return out;
        });
    }

    static Future<Integer> unreadCount(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(UNREAD_COUNT).execute(Tuple.of(tenantId, userId)).map(rows -> rows.iterator().next().getInteger("n"));
    }

    static Future<Notification> find(SqlConnection conn, UUID tenantId, UUID userId, UUID id) {
        return conn.preparedQuery(FIND).execute(Tuple.of(tenantId, userId, id)).map(NotificationStore::firstOrNull);
    }

    /** The notification now read, or null when it was read already or is not this user's. */
    static Future<Notification> markRead(SqlConnection conn, UUID tenantId, UUID userId, UUID id) {
        return conn.preparedQuery(MARK_READ).execute(Tuple.of(tenantId, userId, id)).map(NotificationStore::firstOrNull);
    }

    static Future<Integer> markAllRead(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(MARK_ALL_READ).execute(Tuple.of(tenantId, userId)).map(RowSet::rowCount);
    }

    /** The user's stored settings: type → {inApp, email}. */
    static Future<Map<String, boolean[]>> settings(SqlConnection conn, UUID tenantId, UUID userId) {
        return conn.preparedQuery(SETTINGS).execute(Tuple.of(tenantId, userId)).map(rows -> {
            Map<String, boolean[]> out = new HashMap<>();
            rows.forEach(r -> out.put(r.getString("type"), new boolean[]{r.getBoolean("in_app"), r.getBoolean("email")}));
            return out;
        });
    }

    static Future<Void> putSettings(SqlConnection conn, UUID tenantId, UUID userId, Map<String, boolean[]> settings) {
        List<Tuple> batch = new ArrayList<>();
        settings.forEach((type, s) -> batch.add(Tuple.of(tenantId, userId, type, s[0], s[1])));
        return batch.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(PUT_SETTING).executeBatch(batch).mapEmpty();
    }

    /** Active managers and admins of the tenant, except {@code except}. */
    static Future<Boolean> emailOn(SqlConnection conn, UUID tenantId, UUID userId, String type) {
        return conn.preparedQuery(EMAIL_ON).execute(Tuple.of(tenantId, userId, type)).map(rows -> rows.iterator().next().getBoolean("on"));
    }

    /** The users the handles name, each handle that names exactly one user (an ambiguous handle names nobody). */
    static Future<List<UUID>> mentioned(SqlConnection conn, UUID tenantId, List<String> handles) {
        return conn.preparedQuery(HANDLES).execute(Tuple.of(tenantId).addArrayOfString(handles.toArray(new String[0]))).map(rows -> {
            Map<String, List<UUID>> byHandle = new java.util.LinkedHashMap<>();
            rows.forEach(row -> byHandle.computeIfAbsent(row.getString("handle"), h -> new ArrayList<>()).add(row.getUUID("id")));
            List<UUID> out = new ArrayList<>();
            byHandle.values().stream().filter(users -> users.size() == 1).forEach(users -> out.add(users.get(0)));
            return out;
        });
    }

    static Future<List<UUID>> managers(SqlConnection conn, UUID tenantId, UUID except) {
        return conn.preparedQuery(MANAGERS).execute(Tuple.of(tenantId, except)).map(rows -> {
            List<UUID> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(r.getUUID("id")));
            return out;
        });
    }

    /** Stores or collapses one notification; null when the user gets none (unknown, inactive or switched off). */
    static Future<Upserted> upsert(SqlConnection conn, UUID tenantId, UUID userId, UUID id, NotificationDraft d) {
        return conn.preparedQuery(CLOSE_EXPIRED_WINDOW).execute(Tuple.of(tenantId, userId, d.dedupeKey()))
                .compose(closed -> conn.preparedQuery(UPSERT).execute(Tuple.from(new Object[]{tenantId, userId, id, d.type().wire(),
                        cut(d.title(), 300), cut(d.body(), 1000), d.link(), d.entityType(), d.entityId(), d.dedupeKey()})))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Upserted(Notification.FROM_ROW.apply(row), row.getBoolean("inserted"));
                });
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static Notification firstOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Notification.FROM_ROW.apply(rows.iterator().next());
    }
}
