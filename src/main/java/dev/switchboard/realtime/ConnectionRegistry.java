package dev.switchboard.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every authenticated connection of this node, indexed by tenant and channel (for fan-out) and by user
 * (for the per-user limit and presence). Safe from any event loop.
 */
public final class ConnectionRegistry {

    private record UserKey(UUID tenantId, UUID userId) {
    }

    private final Map<UUID, Map<String, Set<Connection>>> byTenant = new ConcurrentHashMap<>();
    private final Map<UserKey, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final int maxPerUser;
    private final RealtimeMetrics metrics;

    public ConnectionRegistry(int maxPerUser, RealtimeMetrics metrics) {
        this.maxPerUser = maxPerUser;
        this.metrics = metrics;
    }

    /** Adds an authenticated connection unless its user already holds the maximum; true when added. */
    boolean admit(Connection c) {
        boolean[] admitted = {false};
        byUser.compute(new UserKey(c.tenantId(), c.userId()), (key, set) -> {
            Set<Connection> connections = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (connections.size() < maxPerUser) {
                admitted[0] = connections.add(c);
            }
            return connections;
        });
        if (admitted[0]) {
            metrics.connectionOpened();
        }
        return admitted[0];
    }

    /** Removes the connection and all its subscriptions; true when it was registered. */
    boolean remove(Connection c) {
        if (!c.authenticated()) {
            return false;
        }
        boolean[] removed = {false};
        byUser.computeIfPresent(new UserKey(c.tenantId(), c.userId()), (key, set) -> {
            removed[0] = set.remove(c);
            return set.isEmpty() ? null : set;
        });
        for (String channel : List.copyOf(c.channels())) {
            unsubscribe(c, channel);
        }
        if (removed[0]) {
            metrics.connectionClosed();
        }
        return removed[0];
    }

    boolean subscribe(Connection c, String channel) {
        if (!c.channels().add(channel)) {
            return false;
        }
        byTenant.computeIfAbsent(c.tenantId(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(channel, ch -> ConcurrentHashMap.newKeySet()).add(c);
        metrics.subscriptions(1);
        return true;
    }

    boolean unsubscribe(Connection c, String channel) {
        if (!c.channels().remove(channel)) {
            return false;
        }
        Map<String, Set<Connection>> channels = byTenant.get(c.tenantId());
        if (channels != null) {
            channels.computeIfPresent(channel, (ch, set) -> {
                set.remove(c);
                return set.isEmpty() ? null : set;
            });
        }
        metrics.subscriptions(-1);
        return true;
    }

    /** The live, unmodifiable set of connections holding {@code channel}: for iterating once without a copy. */
    Collection<Connection> subscriberView(UUID tenantId, String channel) {
        Map<String, Set<Connection>> channels = byTenant.get(tenantId);
        Set<Connection> set = channels == null ? null : channels.get(channel);
        return set == null ? List.of() : Collections.unmodifiableSet(set);
    }

    /** The user's connections on this node. */
    List<Connection> ofUser(UUID tenantId, UUID userId) {
        Set<Connection> set = byUser.get(new UserKey(tenantId, userId));
        return set == null ? List.of() : List.copyOf(set);
    }

    /** Every registered connection, for shutdown. */
    List<Connection> all() {
        List<Connection> all = new ArrayList<>();
        byUser.values().forEach(all::addAll);
        return all;
    }
}
