package dev.switchboard.realtime;

import dev.switchboard.auth.AccessChanges;
import dev.switchboard.tenancy.Principal;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies a change to a user's access to their open sockets on this node, as soon as the change is heard:
 * an ended session, a revoked API key or a deactivated account closes the socket (4002); changed roles, permissions or teams
 * make the socket read its principal again, forget its record-read decisions and leave the channels it may no
 * longer hold ({@code error forbidden}, then {@code unsubscribed}). Events after that are filtered with the new
 * access.
 */
final class AccessRevoker implements Consumer<AccessChanges.Change> {

    private final ConnectionRegistry registry;
    private final RecipientFilter filter;
    private final ChannelAccess access;

    AccessRevoker(ConnectionRegistry registry, RecipientFilter filter, ChannelAccess access) {
        this.registry = registry;
        this.filter = filter;
        this.access = access;
    }

    @Override
    public void accept(AccessChanges.Change change) {
        for (Connection c : registry.ofUser(change.tenantId(), change.userId())) {
            c.context().runOnContext(v -> apply(c, change));
        }
    }

    private void apply(Connection c, AccessChanges.Change change) {
        if (c.closing() || c.socket().isClosed()) {
            return;
        }
        if (change.deactivated()) {
            c.fail(FrameCodec.UNAUTHORIZED, "the account is deactivated", CloseCodes.AUTH_FAILED);
            return;
        }
        Principal p = c.principal();
        if (p.sessionId() != null && change.endedSessions().contains(p.sessionId())) {
            c.fail(FrameCodec.UNAUTHORIZED, "the session has ended; sign in again", CloseCodes.AUTH_FAILED);
            return;
        }
        if (p.apiKeyId() != null && change.endedSessions().contains(p.apiKeyId())) {
            c.fail(FrameCodec.UNAUTHORIZED, "the API key was revoked", CloseCodes.AUTH_FAILED);
            return;
        }
        c.principalChanged();
        // closes the socket itself when the user no longer authenticates
        filter.current(c).onComplete(result -> c.context().runOnContext(v -> {
            if (result.succeeded() && result.result() != null) {
                leaveForbiddenChannels(c);
            }
        }));
    }

    private void leaveForbiddenChannels(Connection c) {
        for (String name : List.copyOf(c.channels())) {
            Channel channel = Channel.parse(name);
            if (channel == null) {
                continue;
            }
            access.maySubscribe(c, channel).onComplete(allowed -> c.context().runOnContext(v -> {
                if (allowed.succeeded() && allowed.result()) {
                    return;
                }
                if (registry.unsubscribe(c, name)) {
                    c.send(FrameCodec.error(FrameCodec.FORBIDDEN, "channel " + name + " is no longer visible to you"));
                    c.send(FrameCodec.subscription("unsubscribed", name));
                }
            }));
        }
    }
}
