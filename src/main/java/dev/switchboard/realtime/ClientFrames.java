package dev.switchboard.realtime;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Handles the frames of an authenticated client: one small method per frame type. */
final class ClientFrames {

    private final Handshake handshake;
    private final ConnectionRegistry registry;
    private final ChannelAccess access;
    private final Resumer resumer;
    private final PresenceTracker presence;
    private final TypingRelay typing;
    private final int maxSubscriptions;

    ClientFrames(Handshake handshake, ConnectionRegistry registry, ChannelAccess access, Resumer resumer,
                 PresenceTracker presence, TypingRelay typing, int maxSubscriptions) {
        this.handshake = handshake;
        this.registry = registry;
        this.access = access;
        this.resumer = resumer;
        this.presence = presence;
        this.typing = typing;
        this.maxSubscriptions = maxSubscriptions;
    }

    void handle(Connection c, FrameCodec.ClientFrame frame) {
        JsonObject body = frame.body();
        switch (frame.type()) {
            case "auth" -> auth(c, body);
            case "subscribe" -> subscribe(c, body);
            case "unsubscribe" -> unsubscribe(c, body);
            case "resume" -> resume(c, body);
            case "presence" -> presence(c, body);
            case "typing" -> typing(c, body);
            case "ping" -> c.send(FrameCodec.pong());
            default -> error(c, FrameCodec.BAD_FRAME, "unknown frame type " + frame.type());
        }
    }

    void auth(Connection c, JsonObject body) {
        if (!(body.getValue("token") instanceof String token) || token.isBlank()) {
            error(c, FrameCodec.BAD_FRAME, "auth needs a token");
            return;
        }
        handshake.authenticate(c, token);
    }

    private void subscribe(Connection c, JsonObject body) {
        Channel channel = Channel.parse(EventRoutes.string(body, "channel"));
        if (channel == null) {
            error(c, FrameCodec.BAD_FRAME, "unknown channel");
            return;
        }
        String name = channel.name();
        if (c.holds(name)) {
            c.send(FrameCodec.subscription("subscribed", name));
            return;
        }
        if (c.channels().size() > maxSubscriptions) {
            error(c, FrameCodec.TOO_MANY_SUBSCRIPTIONS, "at most " + maxSubscriptions + " channels per connection");
            return;
        }
        access.maySubscribe(c, channel).onComplete(result -> c.context().runOnContext(v -> {
            if (c.socket().isClosed()) {
                return;
            }
            if (result.failed() || !result.result()) {
                error(c, FrameCodec.FORBIDDEN, "channel " + name + " does not exist or is not visible to you");
                return;
            }
            registry.subscribe(c, name);
            c.send(FrameCodec.subscription("subscribed", name));
        }));
    }

    private void unsubscribe(Connection c, JsonObject body) {
        Channel channel = Channel.parse(EventRoutes.string(body, "channel"));
        if (channel == null || channel.equals(Channel.user(c.userId()))) {
            error(c, FrameCodec.BAD_FRAME, "not a channel you can leave");
            return;
        }
        registry.unsubscribe(c, channel.name());
        c.send(FrameCodec.subscription("unsubscribed", channel.name()));
    }

    private void resume(Connection c, JsonObject body) {
        if (!(body.getValue("lastEventId") instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            error(c, FrameCodec.BAD_FRAME, "resume needs lastEventId: the seq of the last event received");
            return;
        }
        resumer.resume(c, n.longValue());
    }

    private void presence(Connection c, JsonObject body) {
        if (!presence.set(c, EventRoutes.string(body, "status"))) {
            error(c, FrameCodec.BAD_FRAME, "status must be one of " + PresenceTracker.SETTABLE);
        }
    }

    private void typing(Connection c, JsonObject body) {
        UUID conversation = Ids.parse(EventRoutes.string(body, "conversationId"));
        String state = EventRoutes.string(body, "state");
        if (conversation == null || !(TypingRelay.START.equals(state) || TypingRelay.STOP.equals(state))) {
            error(c, FrameCodec.BAD_FRAME, "typing needs conversationId and state start or stop");
            return;
        }
        if (!c.holds(Channel.ofRecord("conversation", conversation).name())) {
            error(c, FrameCodec.FORBIDDEN, "subscribe to conversation:" + conversation + " first");
            return;
        }
        typing.typing(c, conversation, state);
    }

    private static void error(Connection c, String code, String message) {
        c.send(FrameCodec.error(code, message));
    }
}
