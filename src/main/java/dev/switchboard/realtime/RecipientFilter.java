package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.error.ApiException;
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
 * Decisions and the user's permissions are cached per connection for a short TTL; an event's payload is read once
 * per event ({@link Delivery}), not per connection.
 */
final class RecipientFilter {

    private static final Map<String, String> READ_ALL = Map.of(
            "case", Permission.CASES_READ_ALL, "contact", Permission.CONTACTS_READ_ALL,
            "task", Permission.TASKS_READ_ALL, "conversation", Permission.CONVERSATIONS_READ_ALL,
            "message", Permission.CONVERSATIONS_READ_ALL);

    private static final Future<Boolean> ALLOWED = Future.succeededFuture(true);
    private static final Future<Boolean> DENIED = Future.succeededFuture(false);

    private final Records records;
    private final Authenticator authenticator;
    private final long ttlNanos;
    private volatile Set<String> recordTypes;

    RecipientFilter(Records records, Authenticator authenticator, long ttlNanos) {
        this.records = records;
        this.authenticator = authenticator;
        this.ttlNanos = ttlNanos;
    }

    /** This filter bound to one connection, for its outbound queue. */
    Outbound.Filter of(Connection c) {
        return new Outbound.Filter() {
            @Override
            public Future<Boolean> allows(String channel, Delivery event) {
                return RecipientFilter.this.allows(c, channel, event);
            }

            @Override
            public Boolean decideNow(String channel, Delivery event) {
                return RecipientFilter.this.decideNow(c, channel, event);
            }
        };
    }

    /** May the event reach {@code c} on {@code channel}? May ask the database (record reads, a stale principal). */
    Future<Boolean> allows(Connection c, String channel, Delivery d) {
        Boolean now = decideNow(c, channel, d);
        if (now != null) {
            return now ? ALLOWED : DENIED;
        }
        return current(c).compose(p -> {
            if (p == null) {
                return DENIED;
            }
            Check check = check(p, channel, d);
            return check.fixed != null ? Future.succeededFuture(check.fixed) : readable(c, p, check.type, check.id);
        });
    }

    /**
     * The same decision as {@link #allows} when it needs no I/O (the principal is fresh and any record read is
     * cached on the connection), else null. This is the fan-out's fast path: no future, no allocation.
     */
    Boolean decideNow(Connection c, String channel, Delivery d) {
        if (channel.startsWith("user:")) {
            return Boolean.TRUE;
        }
        if (!c.principalFresh(ttlNanos)) {
            return null;
        }
        Check check = check(c.principal(), channel, d);
        return check.fixed != null ? check.fixed : c.reads().get(check.type, check.id);
    }

    /** May {@code c}'s user read the record now? Cached per connection. */
    Future<Boolean> readable(Connection c, Principal p, String type, UUID id) {
        Boolean known = c.reads().get(type, id);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return records.canRead(p, type, id).otherwise(false).onSuccess(allowed -> c.reads().put(type, id, allowed));
    }

    /** What decides the event for {@code p} on {@code channel}: a fixed answer, or whether {@code p} may read one record. */
    private record Check(Boolean fixed, String type, UUID id) {

        static final Check ALLOW = new Check(Boolean.TRUE, null, null);
        static final Check DENY = new Check(Boolean.FALSE, null, null);

        static Check of(boolean allowed) {
            return allowed ? ALLOW : DENY;
        }

        static Check read(String type, UUID id) {
            return new Check(null, type, id);
        }
    }

    private Check check(Principal p, String channel, Delivery d) {
        Channel ch = d.channel(channel);
        if (ch != null && ch.isRecord()) {
            return Check.read(ch.kind().recordType(), ch.id());
        }
        String type = d.entityType();
        if (type == null) {
            return Check.DENY;
        }
        // holders of the type's *.read_all see every record of it, existing or deleted: no record read needed
        if (recordTypes().contains(type) && d.entityId() != null) {
            return readsAll(p, type) ? Check.ALLOW : Check.read(type, d.entityId());
        }
        return switch (type) {
            case "message" -> d.conversationId() == null ? Check.DENY
                    : readsAll(p, type) ? Check.ALLOW : Check.read("conversation", d.conversationId());
            case "team", "user" -> Check.of(p.can(Permission.USERS_READ));
            case "invite" -> Check.of(p.can(Permission.USERS_MANAGE));
            default -> Check.DENY;
        };
    }

    private static boolean readsAll(Principal p, String type) {
        String permission = READ_ALL.get(type);
        return permission != null && p.can(permission);
    }

    /**
     * The connection's principal, checked again like a request once the TTL passed (account active, session
     * not ended); null, with the socket closed, when it no longer authenticates.
     */
    Future<Principal> current(Connection c) {
        Principal p = c.principal();
        if (c.principalFresh(ttlNanos)) {
            return Future.succeededFuture(p);
        }
        return authenticator.refresh(p).transform(ar -> {
            if (ar.failed()) {
                if (!(ar.cause() instanceof ApiException)) {
                    return Future.failedFuture(ar.cause());
                }
                c.fail(FrameCodec.UNAUTHORIZED, ar.cause().getMessage(), CloseCodes.AUTH_FAILED);
                return Future.succeededFuture(null);
            }
            c.refreshed(ar.result());
            return Future.succeededFuture(ar.result());
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
