package dev.switchboard.realtime;

import dev.switchboard.platform.db.Ids;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Handles the frames of an authenticated client: one small method per frame type. */
final class ClientFrames {

    private static final Future<Void> DONE = Future.succeededFuture();

    private final Handshake handshake;
    private final ConnectionRegistry registry;
    private final ChannelAccess access;
    private final Resumer resumer;
    private final PresenceTracker presence;
    private final TypingRelay typing;
    private final int maxSubscriptions;
    private final EphemeralRelay ephemeral;
    private final int broadcastsPerSecond;

    ClientFrames(Handshake handshake, ConnectionRegistry registry, ChannelAccess access, Resumer resumer,
                 PresenceTracker presence, TypingRelay typing, int maxSubscriptions, EphemeralRelay ephemeral,
                 int broadcastsPerSecond) {
        this.handshake = handshake;
        this.registry = registry;
        this.access = access;
        this.resumer = resumer;
        this.presence = presence;
        this.typing = typing;
        this.maxSubscriptions = maxSubscriptions;
        this.ephemeral = ephemeral;
        this.broadcastsPerSecond = broadcastsPerSecond;
    }

    /**
     * Handles one frame; the future completes once its effect is in place (a subscription registered, a replay
     * queued), and the connection handles the next frame only then, so frames take effect in the order sent.
     */
    Future<Void> handle(Connection c, FrameCodec.ClientFrame frame) {
        JsonObject body = frame.body();
        switch (frame.type()) {
            case "auth" -> auth(c, body);
            case "subscribe" -> {
                return subscribe(c, body);
            }
            case "unsubscribe" -> unsubscribe(c, body);
            case "resume" -> {
                return resume(c, body);
            }
            case "presence" -> presence(c, body);
            case "typing" -> typing(c, body);
            case "broadcast" -> broadcast(c, body);
            case "ping" -> c.send(FrameCodec.pong());
            default -> error(c, FrameCodec.BAD_FRAME, "unknown frame type " + frame.type());
        }
        return DONE;
    }

    void auth(Connection c, JsonObject body) {
        if (!(body.getValue("token") instanceof String token) || token.isBlank()) {
            error(c, FrameCodec.BAD_FRAME, "auth needs a token");
            return;
        }
        handshake.authenticate(c, token);
    }

    private Future<Void> subscribe(Connection c, JsonObject body) {
        Channel channel = Channel.parse(EventRoutes.string(body, "channel"));
        if (channel == null) {
            error(c, FrameCodec.BAD_FRAME, "unknown channel");
            return DONE;
        }
        Long since = lastEventId(body);
        if (since == null && body.containsKey("lastEventId")) {
            error(c, FrameCodec.BAD_FRAME, "lastEventId must be the seq of the last event received");
            return DONE;
        }
        String name = channel.name();
        if (c.holds(name)) {
            c.send(FrameCodec.subscription("subscribed", name));
            return DONE;
        }
        if (c.channels().size() > maxSubscriptions) {
            error(c, FrameCodec.TOO_MANY_SUBSCRIPTIONS, "at most " + maxSubscriptions + " channels per connection");
            return DONE;
        }
        Long catchUpFrom = since != null ? since : c.resumePoint();
        Promise<Void> done = Promise.promise();
        access.maySubscribe(c, channel).onComplete(result -> c.context().runOnContext(v -> {
            if (c.socket().isClosed()) {
                done.complete();
                return;
            }
            if (result.failed() || !result.result()) {
                error(c, FrameCodec.FORBIDDEN, "channel " + name + " does not exist or is not visible to you");
                done.complete();
                return;
            }
            c.outbound().frame(FrameCodec.subscription("subscribed", name));
            if (channel.kind() == Channel.Kind.PRESENCE) {
                // the state comes at the next tick, shared by everyone who subscribed since the last one
                registry.subscribe(c, name);
                presence.sendState(c);
                done.complete();
                return;
            }
            if (catchUpFrom == null) {
                registry.subscribe(c, name);
                done.complete();
                return;
            }
            // the replay holds live events back from here on, so the channel's live events follow its missed ones
            Future<Void> replayed = resumer.catchUp(c, name, catchUpFrom);
            registry.subscribe(c, name);
            replayed.onComplete(done);
        }));
        return done.future();
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

    private Future<Void> resume(Connection c, JsonObject body) {
        Long lastEventId = lastEventId(body);
        if (lastEventId == null) {
            error(c, FrameCodec.BAD_FRAME, "resume needs lastEventId: the seq of the last event received");
            return DONE;
        }
        return resumer.resume(c, lastEventId);
    }

    /** The frame's {@code lastEventId} when it is a whole number from 0; else null. */
    private static Long lastEventId(JsonObject body) {
        return body.getValue("lastEventId") instanceof Number n && n.longValue() >= 0 && n.doubleValue() == n.longValue()
                ? n.longValue() : null;
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

    /** An ephemeral message to the other subscribers of a record channel the client holds. */
    private void broadcast(Connection c, JsonObject body) {
        Channel channel = Channel.parse(EventRoutes.string(body, "channel"));
        String event = EventRoutes.string(body, "event");
        if (channel == null || !channel.isRecord() || event == null || event.isBlank()
                || event.length() > EphemeralRelay.MAX_EVENT_LENGTH) {
            error(c, FrameCodec.BAD_FRAME, "broadcast needs a case: or conversation: channel and an event name of at most "
                    + EphemeralRelay.MAX_EVENT_LENGTH + " characters");
            return;
        }
        if (!c.holds(channel.name())) {
            error(c, FrameCodec.FORBIDDEN, "subscribe to " + channel.name() + " first");
            return;
        }
        switch (c.broadcastHit(broadcastsPerSecond)) {
            case ACCEPT -> ephemeral.publish(c.tenantId(), channel, event, body.getValue("data"), c.userId(), c);
            case WARN -> error(c, FrameCodec.RATE_LIMITED,
                    "more than " + broadcastsPerSecond + " broadcasts per second; broadcasts dropped");
            case DROP, CLOSE -> { }
        }
    }

    private static void error(Connection c, String code, String message) {
        c.send(FrameCodec.error(code, message));
    }
}
