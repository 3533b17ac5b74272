package dev.switchboard.realtime;

import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.db.Db;
import dev.switchboard.realtime.PeerPresence.Key;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online, across nodes: a user is online while they hold at least one connection on any node
 * (devices count once), with the status they last set ({@code online}, {@code away}, {@code busy},
 * {@code dnd}); after their last connection on a node closes they stay so there for a grace period, then
 * go offline and their last-seen time is stored. Each node tells the others its users' changes and
 * repeats their state every heartbeat; a node not heard from within the node timeout is dead and its users
 * go offline, and a node that stops cleanly says so. A new {@code presence} subscriber gets everyone not
 * offline once ({@code presence.state}); then the changes of the union go out batched, one {@code presence}
 * frame per tick to the tenant's subscribers on this node, carrying each changed user's latest state. Messages to other nodes are sent while holding
 * the lock, so they leave in the order the state changed (the link sends in call order).
 */
public final class PresenceTracker {

    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";
    public static final Set<String> SETTABLE = Set.of(ONLINE, "away", "busy", "dnd");

    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);
    private static final int SNAPSHOT_USERS = 500;

    private static final class State {
        int connections;
        String status = ONLINE;
        long graceTimer = -1;
        Instant lastDisconnect;
    }

    /** A change of a user's cluster-wide status to show this node's subscribers. */
    private record Change(Key key, String status, Instant lastSeenAt) {
    }

    private final Vertx vertx;
    private final LastSeenWriter lastSeen;
    private final ConnectionRegistry registry;
    private final Duration grace;
    private final ClusterLink link;
    private final ClusterLink.Topic peers;
    private final Duration heartbeat;
    private final PeerPresence remote;
    private final Map<Key, State> states = new HashMap<>();
    private long heartbeatTimer = -1;
    private final Duration tick;
    private long tickTimer = -1;
    private Map<UUID, Map<UUID, Change>> pending = new HashMap<>();
    /** New subscribers waiting for the next tick's {@code presence.state}, by tenant. */
    private Map<UUID, List<Connection>> awaitingState = new HashMap<>();

    public PresenceTracker(Vertx vertx, Db db, ConnectionRegistry registry, Duration grace, Duration tick, ClusterLink link,
                           Duration heartbeat, Duration nodeTimeout) {
        this.tick = tick;
        this.vertx = vertx;
        this.lastSeen = new LastSeenWriter(db);
        this.registry = registry;
        this.grace = grace;
        this.link = link;
        this.heartbeat = heartbeat;
        this.remote = new PeerPresence(nodeTimeout.toNanos());
        this.peers = link.topic(PresenceMessages.TOPIC, this::fromPeer);
    }

    /** Starts the tick that sends batched changes, and the heartbeat when other nodes may exist. */
    void start() {
        tickTimer = vertx.setPeriodic(tick.toMillis(), id -> flush());
        if (link.clustered()) {
            heartbeatTimer = vertx.setPeriodic(heartbeat.toMillis(), id -> {
                repeatState();
                expirePeers();
            });
        }
    }

    /** The user's status cluster-wide, or {@link #OFFLINE}. */
    public synchronized String status(UUID tenantId, UUID userId) {
        return union(new Key(tenantId, userId));
    }

    /** Peers heard from within the node timeout. */
    synchronized int peerNodes() {
        return remote.nodes();
    }

    void connected(Connection c) {
        Key key = new Key(c.tenantId(), c.userId());
        boolean cameOnlineHere;
        String status;
        boolean changed;
        synchronized (this) {
            String before = union(key);
            State s = states.computeIfAbsent(key, k -> new State());
            if (s.connections == 0 && s.graceTimer < 0 && remote.status(key) != null) {
                s.status = remote.status(key);
            }
            cameOnlineHere = s.connections == 0 && s.graceTimer < 0;
            if (s.graceTimer >= 0) {
                vertx.cancelTimer(s.graceTimer);
                s.graceTimer = -1;
            }
            s.connections++;
            status = s.status;
            changed = !status.equals(before);
            if (cameOnlineHere) {
                peers.publish(key.tenantId(), PresenceMessages.state(key.userId(), status, null));
            }
        }
        touch(key, Instant.now());
        if (changed) {
            show(new Change(key, status, null));
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
        if (status == null || !SETTABLE.contains(status)) {
            return false;
        }
        Key key = new Key(c.tenantId(), c.userId());
        synchronized (this) {
            State s = states.get(key);
            if (s == null || s.status.equals(status)) {
                return true;
            }
            s.status = status;
            peers.publish(key.tenantId(), PresenceMessages.state(key.userId(), status, null));
        }
        show(new Change(key, status, null));
        return true;
    }

    private void expire(Key key, long timerId) {
        Instant lastSeen;
        String after;
        boolean changed;
        synchronized (this) {
            State s = states.get(key);
            if (s == null || s.connections > 0 || s.graceTimer != timerId) {
                return;
            }
            states.remove(key);
            lastSeen = s.lastDisconnect;
            after = union(key);
            changed = !after.equals(s.status);
            peers.publish(key.tenantId(), PresenceMessages.state(key.userId(), OFFLINE, lastSeen));
        }
        touch(key, lastSeen);
        if (changed) {
            show(new Change(key, after, OFFLINE.equals(after) ? lastSeen : null));
        }
    }

    /** Says goodbye to the other nodes and stores every local user's last-seen time; for a clean stop. */
    Future<Void> leave() {
        vertx.cancelTimer(heartbeatTimer);
        vertx.cancelTimer(tickTimer);
        List<Key> local;
        synchronized (this) {
            local = new ArrayList<>(states.keySet());
            states.values().forEach(s -> vertx.cancelTimer(s.graceTimer));
            states.clear();
            local.stream().map(Key::tenantId).distinct().forEach(tenant -> peers.publish(tenant, PresenceMessages.leave()));
        }
        Instant now = Instant.now();
        local.forEach(key -> touch(key, now));
        return lastSeen.flush();
    }

    private void fromPeer(ClusterLink.Message m) {
        String node = m.originNode();
        JsonObject body = m.body();
        String kind = PresenceMessages.kind(body);
        List<Change> changes = new ArrayList<>();
        if (PresenceMessages.STATE.equals(kind)) {
            Key key = new Key(m.tenantId(), PresenceMessages.user(EventRoutes.string(body, "userId")));
            apply(node, key, PresenceMessages.status(body.getValue("status")), true,
                    PresenceMessages.instant(EventRoutes.string(body, "lastSeenAt")), changes);
        } else if (PresenceMessages.SNAPSHOT.equals(kind) && body.getValue("users") instanceof JsonObject users) {
            Map<Key, String> parsed = new HashMap<>();
            users.forEach(e -> parsed.put(new Key(m.tenantId(), PresenceMessages.user(e.getKey())), PresenceMessages.status(e.getValue())));
            parsed.forEach((key, status) -> apply(node, key, status, false, null, changes));
        } else if (PresenceMessages.LEAVE.equals(kind)) {
            left(node, m.tenantId(), changes);
        } else {
            throw new IllegalArgumentException("unknown presence message");
        }
        changes.forEach(this::show);
    }

    private synchronized void apply(String node, Key key, String status, boolean adopt, Instant lastSeen, List<Change> changes) {
        long now = System.nanoTime();
        String before = union(key);
        if (OFFLINE.equals(status)) {
            remote.remove(node, key);
            remote.heard(node, now);
        } else {
            remote.put(node, key, status, now);
            State s = states.get(key);
            if (adopt && s != null) {
                s.status = status;
            }
        }
        String after = union(key);
        if (!after.equals(before)) {
            changes.add(new Change(key, after, OFFLINE.equals(after) ? (lastSeen == null ? Instant.now() : lastSeen) : null));
        }
    }

    private synchronized void left(String node, UUID tenantId, List<Change> changes) {
        Instant now = Instant.now();
        for (Key key : remote.leave(node, tenantId)) {
            if (states.containsKey(key)) {
                continue;
            }
            String after = union(key);
            changes.add(new Change(key, after, OFFLINE.equals(after) ? now : null));
        }
    }

    /** Sends the full local state; under the lock, so no change can be sent between reading and sending it. */
    private synchronized void repeatState() {
        Map<UUID, Map<UUID, String>> byTenant = new HashMap<>();
        states.forEach((key, s) -> byTenant.computeIfAbsent(key.tenantId(), t -> new HashMap<>()).put(key.userId(), s.status));
        byTenant.forEach((tenant, users) -> {
            Map<UUID, String> chunk = new HashMap<>();
            for (Map.Entry<UUID, String> user : users.entrySet()) {
                chunk.put(user.getKey(), user.getValue());
                if (chunk.size() == SNAPSHOT_USERS) {
                    peers.publish(tenant, PresenceMessages.snapshot(chunk));
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                peers.publish(tenant, PresenceMessages.snapshot(chunk));
            }
        });
    }

    private void expirePeers() {
        List<PeerPresence.Expired> offline = new ArrayList<>();
        synchronized (this) {
            for (PeerPresence.Expired gone : remote.expire(System.nanoTime())) {
                if (!states.containsKey(gone.key())) {
                    offline.add(gone);
                }
            }
        }
        for (PeerPresence.Expired gone : offline) {
            log.info("user offline: their node stopped answering [tenant: {}, user: {}]", gone.key().tenantId(), gone.key().userId());
            touch(gone.key(), gone.lastSeen());
            show(new Change(gone.key(), OFFLINE, gone.lastSeen()));
        }
    }

    /** The cluster-wide status; call holding the lock. */
    private String union(Key key) {
        State s = states.get(key);
        if (s != null) {
            return s.status;
        }
        String peer = remote.status(key);
        return peer == null ? OFFLINE : peer;
    }

    private void touch(Key key, Instant at) {
        lastSeen.touch(key.tenantId(), key.userId(), at);
    }

    /** Queues a change for the next tick; a later change of the same user replaces it. */
    private void show(Change change) {
        synchronized (this) {
            pending.computeIfAbsent(change.key().tenantId(), t -> new LinkedHashMap<>()).put(change.key().userId(), change);
        }
    }

    /**
     * Once per tick: each tenant's new subscribers get one {@code presence.state}, built and encoded once for all of
     * them; then each tenant's changes since the last tick go to its subscribers in one frame. The state is read
     * together with taking the changes, so it holds every change sent after it; a new subscriber may see a change
     * it already has in its state, never miss one.
     */
    private void flush() {
        Map<UUID, Map<UUID, Change>> batch;
        Map<UUID, List<Connection>> joined;
        Map<UUID, TextFrame> states = new HashMap<>();
        synchronized (this) {
            if (pending.isEmpty() && awaitingState.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new HashMap<>();
            joined = awaitingState;
            awaitingState = new HashMap<>();
            joined.keySet().forEach(tenant -> states.put(tenant, TextFrame.of(state(tenant))));
        }
        joined.forEach((tenant, connections) -> {
            // one that unsubscribed or went away since gets nothing
            var subscribers = registry.subscriberView(tenant, Channel.PRESENCE.name());
            connections.removeIf(c -> !subscribers.contains(c));
            Broadcast.send(connections, states.get(tenant));
        });
        batch.forEach((tenant, changes) -> {
            var subscribers = registry.subscriberView(tenant, Channel.PRESENCE.name());
            if (subscribers.isEmpty()) {
                return;
            }
            JsonArray items = new JsonArray(new ArrayList<>(changes.size()));
            changes.values().forEach(c -> items.add(FrameCodec.presenceOf(c.key().userId(), c.status(), c.lastSeenAt())));
            Broadcast.send(subscribers, FrameCodec.presenceChanges(items));
        });
    }

    /** {@code c} just subscribed to presence: it gets everyone not offline at the next tick. */
    synchronized void sendState(Connection c) {
        awaitingState.computeIfAbsent(c.tenantId(), t -> new ArrayList<>()).add(c);
    }

    /** Everyone of the tenant who is not offline, across nodes; call holding the lock. */
    private JsonObject state(UUID tenantId) {
        JsonArray users = new JsonArray();
        states.forEach((key, s) -> {
            if (key.tenantId().equals(tenantId)) {
                users.add(FrameCodec.presenceOf(key.userId(), s.status, null));
            }
        });
        for (Key key : remote.users(tenantId)) {
            if (!states.containsKey(key)) {
                users.add(FrameCodec.presenceOf(key.userId(), union(key), null));
            }
        }
        return FrameCodec.presenceState(users);
    }
}
