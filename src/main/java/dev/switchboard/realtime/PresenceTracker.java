package dev.switchboard.realtime;

import dev.switchboard.platform.db.Db;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who is online on this node: a user is online while they hold at least one connection (devices count
 * once), with the status they last set ({@code online}, {@code away}, {@code busy}, {@code dnd}); after
 * their last connection closes they stay so for a grace period, then go offline and their last-seen
 * time is stored. Changes go out as {@code presence} frames to the tenant's {@code presence} subscribers.
 */
public final class PresenceTracker {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final Set<String> SETTABLE = Set.of(ONLINE, "away", "busy", "dnd");

    private record Key(UUID tenantId, UUID userId) {
    }

    private static final class State {
        int connections;
        String status = ONLINE;
        long graceTimer = -1;
        Instant lastDisconnect;
    }

    private final Vertx vertx;
    private final LastSeenWriter lastSeen;
    private final ConnectionRegistry registry;
    private final Duration grace;
    private final Map<Key, State> states = new HashMap<>();

    public PresenceTracker(Vertx vertx, Db db, ConnectionRegistry registry, Duration grace) {
        this.vertx = vertx;
        this.lastSeen = new LastSeenWriter(db);
        this.registry = registry;
        this.grace = grace;
    }

    /** The user's live status, or {@link #OFFLINE}. */
    public synchronized String status(UUID tenantId, UUID userId) {
        State s = states.get(new Key(tenantId, userId));
        return s == null ? OFFLINE : s.status;
    }

    void connected(Connection c) {
        Key key = new Key(c.tenantId(), c.userId());
        boolean cameOnline;
        synchronized (this) {
            State s = states.computeIfAbsent(key, k -> new State());
            cameOnline = s.connections == 0 && s.graceTimer < 0;
            if (s.graceTimer >= 0) {
                vertx.cancelTimer(s.graceTimer);
                s.graceTimer = -1;
            }
            s.connections++;
        }
        touch(key, Instant.now());
        if (cameOnline) {
            broadcast(key, ONLINE, null);
        }
    }

    void disconnected(Connection c) {
        Key key = new Key(c.tenantId(), c.userId());
        synchronized (this) {
            State s = states.get(key);
            if (s == null || --s.connections > 0) {
                return;
            }
            s.lastDisconnect = Instant.now();
            s.graceTimer = vertx.setTimer(grace.toMillis(), id -> expire(key, id));
        }
    }

    /** Sets the status the user chose; false for a value that is not settable. */
    boolean set(Connection c, String status) {
        if (!SETTABLE.contains(status)) {
            return false;
        }
        Key key = new Key(c.tenantId(), c.userId());
        synchronized (this) {
            State s = states.get(key);
            if (s == null || s.status.equals(status)) {
                return true;
            }
            s.status = status;
        }
        broadcast(key, status, null);
        return true;
    }

    private void expire(Key key, long timerId) {
        Instant lastSeen;
        synchronized (this) {
            State s = states.get(key);
            if (s == null || s.connections > 0 || s.graceTimer != timerId) {
                return;
            }
            states.remove(key);
            lastSeen = s.lastDisconnect;
        }
        touch(key, lastSeen);
        broadcast(key, OFFLINE, lastSeen);
    }

    private void touch(Key key, Instant at) {
        lastSeen.touch(key.tenantId(), key.userId(), at);
    }

    private void broadcast(Key key, String status, Instant lastSeenAt) {
        JsonObject frame = FrameCodec.presence(key.userId(), status, lastSeenAt);
        Broadcast.send(registry.subscriberView(key.tenantId(), Channel.PRESENCE.name()), frame);
    }
}
