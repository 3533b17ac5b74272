package dev.switchboard.realtime;

import dev.switchboard.platform.cluster.ClusterLink;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Relays typing indicators to the other users subscribed to a conversation. Never stored: a "start" is
 * relayed at most once per throttle interval per user and conversation, and an indicator that is not
 * refreshed stops by itself after the expiry. Indicators cross to the other nodes' subscribers; there, a
 * "start" whose node falls silent also stops by itself after the expiry.
 */
final class TypingRelay {

    static final String START = "start";
    static final String STOP = "stop";
    static final String TOPIC = "typing";

    private record Key(UUID tenantId, UUID userId, UUID conversationId) {
    }

    private static final class State {
        long lastRelayed;
        long expiryTimer = -1;
    }

    private final Vertx vertx;
    private final ConnectionRegistry registry;
    private final long throttleNanos;
    private final long expiryMillis;
    private final Map<Key, State> typing = new HashMap<>();
    private final Map<Key, Long> peerExpiry = new HashMap<>();
    private final ClusterLink.Topic peers;

    TypingRelay(Vertx vertx, ConnectionRegistry registry, Duration throttle, Duration expiry, ClusterLink link) {
        this.vertx = vertx;
        this.registry = registry;
        this.throttleNanos = throttle.toNanos();
        this.expiryMillis = expiry.toMillis();
        this.peers = link.topic(TOPIC, this::fromPeer);
    }

    /** Handles a {@code typing} frame; the caller checked that {@code c} holds the conversation's channel. */
    void typing(Connection c, UUID conversationId, String state) {
        Key key = new Key(c.tenantId(), c.userId(), conversationId);
        if (STOP.equals(state)) {
            stop(key);
            return;
        }
        boolean relay;
        synchronized (this) {
            State s = typing.computeIfAbsent(key, k -> new State());
            long now = System.nanoTime();
            relay = s.expiryTimer < 0 || now - s.lastRelayed >= throttleNanos;
            if (relay) {
                s.lastRelayed = now;
            }
            if (s.expiryTimer >= 0) {
                vertx.cancelTimer(s.expiryTimer);
            }
            s.expiryTimer = vertx.setTimer(expiryMillis, id -> expire(key, id));
        }
        if (relay) {
            relay(key, START);
        }
    }

    /** Stops every indicator of a user who closed a connection. */
    void left(Connection c) {
        List<Key> keys = new ArrayList<>();
        synchronized (this) {
            typing.keySet().stream().filter(k -> k.tenantId().equals(c.tenantId()) && k.userId().equals(c.userId()))
                    .forEach(keys::add);
        }
        keys.forEach(this::stop);
    }

    private void stop(Key key) {
        synchronized (this) {
            State s = typing.remove(key);
            if (s == null) {
                return;
            }
            vertx.cancelTimer(s.expiryTimer);
        }
        relay(key, STOP);
    }

    private void expire(Key key, long timerId) {
        synchronized (this) {
            State s = typing.get(key);
            if (s == null || s.expiryTimer != timerId) {
                return;
            }
            typing.remove(key);
        }
        relay(key, STOP);
    }

    private void relay(Key key, String state) {
        JsonObject frame = FrameCodec.typing(key.conversationId(), key.userId(), state);
        peers.publish(key.tenantId(), frame);
        deliver(key, frame);
    }

    /** Another node's indicator: delivered here, and stopped here if its node falls silent. */
    private void fromPeer(ClusterLink.Message m) {
        UUID conversation = EventRoutes.uuid(m.body(), "conversationId");
        UUID user = EventRoutes.uuid(m.body(), "userId");
        String state = EventRoutes.string(m.body(), "state");
        if (conversation == null || user == null || !(START.equals(state) || STOP.equals(state))) {
            throw new IllegalArgumentException("typing needs conversationId, userId and state start or stop");
        }
        Key key = new Key(m.tenantId(), user, conversation);
        synchronized (this) {
            Long timer = peerExpiry.remove(key);
            if (timer != null) {
                vertx.cancelTimer(timer);
            }
            if (START.equals(state)) {
                peerExpiry.put(key, vertx.setTimer(expiryMillis, id -> peerExpired(key, id)));
            }
        }
        deliver(key, FrameCodec.typing(conversation, user, state));
    }

    private void peerExpired(Key key, long timerId) {
        synchronized (this) {
            if (!Long.valueOf(timerId).equals(peerExpiry.get(key))) {
                return;
            }
            peerExpiry.remove(key);
        }
        deliver(key, FrameCodec.typing(key.conversationId(), key.userId(), STOP));
    }

    /** Sends {@code frame} to the conversation's subscribers other than the typing user. */
    private void deliver(Key key, JsonObject frame) {
        String channel = Channel.ofRecord("conversation", key.conversationId()).name();
        Broadcast.send(registry.subscriberView(key.tenantId(), channel).stream()
                .filter(c -> !c.userId().equals(key.userId())).toList(), frame);
    }
}
