package dev.switchboard.realtime;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;

/**
 * Who may subscribe to what: only one's own {@code user:} channel; {@code org} for everyone (the
 * {@link RecipientFilter} decides per event); {@code presence} with {@code users.read}; a record channel
 * when the same rules as REST let the user read that record.
 */
final class ChannelAccess {

    private final RecipientFilter filter;

    ChannelAccess(RecipientFilter filter) {
        this.filter = filter;
    }

    Future<Boolean> maySubscribe(Connection c, Channel channel) {
        Principal p = c.principal();
        return switch (channel.kind()) {
            case USER -> Future.succeededFuture(channel.id().equals(p.userId()));
            case ORG -> Future.succeededFuture(true);
            case PRESENCE -> Future.succeededFuture(p.can(Permission.USERS_READ));
            case CONVERSATION, CASE -> filter.readable(c, p, channel.kind().recordType(), channel.id());
        };
    }
}
