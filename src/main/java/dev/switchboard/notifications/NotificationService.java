package dev.switchboard.notifications;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A user's own notifications and notification settings; nobody reads or changes another user's. */
public final class NotificationService {

    static final String ENTITY = "notification";

    private final Db db;
    private final Changes changes;

    public NotificationService(Db db, Changes changes) {
        this.db = db;
        this.changes = changes;
    }

    /** The caller's notifications, newest first. */
    public Future<List<Notification>> list(Principal p, boolean unreadOnly, Pages page) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.list(conn, p.tenantId(), p.userId(), unreadOnly, page));
    }

    public Future<Integer> unreadCount(Principal p) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.unreadCount(conn, p.tenantId(), p.userId()));
    }

    /** Marks one of the caller's notifications read (again is harmless); 404 for anyone else's. */
    public Future<Notification> markRead(Principal p, UUID id) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.markRead(conn, p.tenantId(), p.userId(), id).compose(read -> read != null
                ? changes.record(conn, p, new Change("notification.read", ENTITY, id, null, read.auditView(), null)).map(read)
                : NotificationStore.find(conn, p.tenantId(), p.userId(), id).compose(existing -> existing == null
                        ? Future.failedFuture(ApiException.notFound("notification")) : Future.succeededFuture(existing))));
    }

    /** Marks every unread notification of the caller read; the number changed. */
    public Future<Integer> markAllRead(Principal p) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.markAllRead(conn, p.tenantId(), p.userId()).compose(n -> n == 0
                ? Future.succeededFuture(0)
                : changes.record(conn, p, new Change("notification.read_all", ENTITY, null, null, null,
                        new JsonObject().put("userId", p.userId().toString()).put("count", n))).map(n)));
    }

    /** Every type with its effective channels: {@code {type: {inApp, email}}}. */
    public Future<JsonObject> settings(Principal p) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.settings(conn, p.tenantId(), p.userId()))
                .map(NotificationService::settingsJson);
    }

    /**
     * Sets channels per type; a channel not named keeps its value. A type off for in-app is no longer
     * stored for the caller at all.
     */
    public Future<JsonObject> updateSettings(Principal p, Map<NotificationType, Boolean[]> changed) {
        return db.inTenant(p.tenantId(), conn -> NotificationStore.settings(conn, p.tenantId(), p.userId()).compose(stored -> {
            JsonObject before = settingsJson(stored);
            Map<String, boolean[]> next = new java.util.HashMap<>();
            changed.forEach((type, channels) -> {
                boolean[] current = stored.getOrDefault(type.wire(), new boolean[]{true, true});
                next.put(type.wire(), new boolean[]{channels[0] == null ? current[0] : channels[0],
                        channels[1] == null ? current[1] : channels[1]});
            });
            stored.putAll(next);
            JsonObject after = settingsJson(stored);
            return NotificationStore.putSettings(conn, p.tenantId(), p.userId(), next)
                    .compose(v -> changes.record(conn, p, new Change("notification_settings.updated", "user", p.userId(),
                            before, after, null)))
                    .map(after);
        }));
    }

    private static JsonObject settingsJson(Map<String, boolean[]> stored) {
        JsonObject out = new JsonObject();
        for (NotificationType type : NotificationType.values()) {
            boolean[] s = stored.getOrDefault(type.wire(), new boolean[]{true, true});
            out.put(type.wire(), new JsonObject().put("inApp", s[0]).put("email", s[1]));
        }
        return out;
    }
}
