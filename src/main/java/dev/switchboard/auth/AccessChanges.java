package dev.switchboard.auth;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.tenancy.AccessCache;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Makes a change to who someone is take effect on every node at once, from the committed events every node
 * hears on {@link TenantBus#NODE_EVENTS}: ended sessions stop their access tokens, revoked API keys stop, and
 * changed roles,
 * permissions, teams, active flags or portal contacts (after a contact merge) are read again on the next request, instead of when this node's caches
 * expire. Listeners (the realtime gateway) hear each change after the caches were cleared, to close or
 * re-scope the user's open sockets.
 */
public final class AccessChanges {

    /** The internal event that says sessions ended: {@code {userId, sessionIds, reason}}. */
    public static final String SESSIONS_REVOKED = EventEnvelope.INTERNAL_PREFIX + "sessions_revoked";

    /**
     * One user's access changed.
     *
     * @param endedSessions sessions that ended, or API keys revoked (their sockets must close)
     * @param deactivated   the user can no longer sign in at all
     */
    public record Change(UUID tenantId, UUID userId, Set<UUID> endedSessions, boolean deactivated) {
    }

    private final SessionStatus sessions;
    private final AccessCache access;
    private final ApiKeys keys;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    public AccessChanges(SessionStatus sessions, AccessCache access, ApiKeys keys) {
        this.sessions = sessions;
        this.access = access;
        this.keys = keys;
    }

    /** Starts following the node's events; unregister the returned consumer to stop. */
    public MessageConsumer<Object> listen(TenantBus bus) {
        return bus.consumer(TenantBus.NODE_EVENTS, this::accept);
    }

    /** Hears every change after the caches were cleared; called on an event loop, must not block. */
    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    void accept(EventEnvelope event) {
        for (Change change : changesOf(event)) {
            change.endedSessions().forEach(ended -> {
                sessions.ended(ended);
                keys.invalidate(ended);
            });
            access.invalidate(change.tenantId(), change.userId());
            listeners.forEach(l -> l.accept(change));
        }
    }

    /** The users whose access {@code event} changed; empty for every other event. */
    static List<Change> changesOf(EventEnvelope event) {
        JsonObject data = event.data();
        UUID tenant = event.tenantId();
        return switch (event.type()) {
            case SESSIONS_REVOKED -> one(tenant, Ids.parse(data.getString("userId")), ids(data.getValue("sessionIds")), false);
            case "user.deactivated" -> one(tenant, Ids.parse(data.getString("entityId")), Set.of(), true);
            case "user.reactivated", "user.role_changed", "user.permissions_changed" ->
                    one(tenant, Ids.parse(data.getString("entityId")), Set.of(), false);
            case "api_key.revoked" -> {
                UUID key = Ids.parse(data.getString("entityId"));
                yield key == null ? List.of() : one(tenant, Ids.parse(data.getString("createdBy")), Set.of(key), false);
            }
            case "team.member_added", "team.member_removed" -> one(tenant, Ids.parse(data.getString("userId")), Set.of(), false);
            case "team.deleted" -> each(tenant, data.getValue("memberIds"));
            // portal users of a merged contact now see its survivor
            case "contact.merged" -> each(tenant, data.getValue("portalUserIds"));
            default -> List.of();
        };
    }

    /** A change for each user id in {@code users}. */
    private static List<Change> each(UUID tenant, Object users) {
        List<Change> out = new ArrayList<>();
        for (UUID user : ids(users)) {
            out.add(new Change(tenant, user, Set.of(), false));
        }
        return out;
    }

    private static List<Change> one(UUID tenant, UUID user, Set<UUID> ended, boolean deactivated) {
        return user == null ? List.of() : List.of(new Change(tenant, user, ended, deactivated));
    }

    private static Set<UUID> ids(Object value) {
        Set<UUID> ids = new HashSet<>();
        if (value instanceof JsonArray array) {
            for (Object item : array) {
                UUID id = item instanceof String s ? Ids.parse(s) : null;
                if (id != null) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }
}
