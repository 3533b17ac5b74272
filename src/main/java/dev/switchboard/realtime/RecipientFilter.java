package dev.switchboard.realtime;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides per connection whether an event may reach it, so nobody learns of a record they could not
 * read over REST:
 * <ul>
 * <li>{@code user:{id}}: only that user's own notifications are routed there; always delivered.</li>
 * <li>{@code case:{id}}, {@code conversation:{id}}: the user must (still) read that record.</li>
 * <li>{@code org}: an event about a record type registered in {@link Records} needs {@code canRead} of that
 * record (a record that no longer exists, such as after a delete, reaches only holders of the type's
 * {@code *.read_all}); a {@code message} needs its conversation to be readable; {@code team.*} and
 * {@code user.*} need {@code users.read}; {@code invite.*} needs {@code users.manage}; anything else is
 * never delivered.</li>
 * </ul>
 * Decisions and the user's permissions are cached per connection for a short TTL.
 */
final class RecipientFilter {

    private static final Map<String, String> READ_ALL = Map.of(
            "case", Permission.CASES_READ_ALL, "contact", Permission.CONTACTS_READ_ALL,
            "task", Permission.TASKS_READ_ALL, "conversation", Permission.CONVERSATIONS_READ_ALL,
            "message", Permission.CONVERSATIONS_READ_ALL);

    private final Records records;
    private final AccessCache access;
    private final long ttlNanos;
    private volatile Set<String> recordTypes;

    RecipientFilter(Records records, AccessCache access, long ttlNanos) {
        this.records = records;
        this.access = access;
        this.ttlNanos = ttlNanos;
    }

    Future<Boolean> allows(Connection c, String channel, EventEnvelope e) {
        if (channel.startsWith("user:")) {
            return Future.succeededFuture(true);
        }
        return current(c).compose(p -> {
            if (p == null) {
                return Future.succeededFuture(false);
            }
            Channel ch = Channel.parse(channel);
            if (ch != null && ch.isRecord()) {
                return readable(c, p, ch.kind().recordType(), ch.id());
            }
            return org(c, p, e);
        });
    }

    /** May {@code c}'s user read the record now? Cached per connection. */
    Future<Boolean> readable(Connection c, Principal p, String type, UUID id) {
        Boolean known = c.reads().get(type, id);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return records.canRead(p, type, id).otherwise(false).onSuccess(allowed -> c.reads().put(type, id, allowed));
    }

    private Future<Boolean> org(Connection c, Principal p, EventEnvelope e) {
        String type = EventRoutes.string(e.data(), "entityType");
        UUID id = EventRoutes.uuid(e.data(), "entityId");
        if (type == null) {
            return Future.succeededFuture(false);
        }
        if (recordTypes().contains(type) && id != null) {
            return readable(c, p, type, id).map(ok -> ok || readsAll(p, type));
        }
        return switch (type) {
            case "message" -> {
                UUID conversation = EventRoutes.conversationOfMessage(e);
                yield conversation == null ? Future.succeededFuture(false)
                        : readable(c, p, "conversation", conversation).map(ok -> ok || readsAll(p, type));
            }
            case "team", "user" -> Future.succeededFuture(p.can(Permission.USERS_READ));
            case "invite" -> Future.succeededFuture(p.can(Permission.USERS_MANAGE));
            default -> Future.succeededFuture(false);
        };
    }

    private static boolean readsAll(Principal p, String type) {
        String permission = READ_ALL.get(type);
        return permission != null && p.can(permission);
    }

    /** The connection's principal, re-read from the access cache once the TTL passed; null when the user is gone. */
    private Future<Principal> current(Connection c) {
        Principal p = c.principal();
        if (System.nanoTime() - c.principalCheckedAt() < ttlNanos) {
            return Future.succeededFuture(p);
        }
        return access.get(p.tenantId(), p.userId()).map(user -> {
            if (user == null || !user.active()) {
                c.fail(FrameCodec.UNAUTHORIZED, "the account is deactivated", CloseCodes.AUTH_FAILED);
                return null;
            }
            Principal fresh = new Principal(p.tenantId(), p.userId(), p.sessionId(), user.role(), user.permissions(),
                    user.teamIds(), user.contactId(), p.meta());
            c.refreshed(fresh);
            return fresh;
        });
    }

    private Set<String> recordTypes() {
        Set<String> types = recordTypes;
        if (types == null) {
            types = records.types();
            recordTypes = types;
        }
        return types;
    }
}
