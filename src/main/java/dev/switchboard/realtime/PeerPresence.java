package dev.switchboard.realtime;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the other nodes say about their users: per user, per node, the status and when that node last
 * confirmed it. An entry not confirmed within the node timeout expires (its node died). Not thread-safe:
 * {@link PresenceTracker} uses it under its own lock.
 */
final class PeerPresence {

    /** A user of a tenant. */
    record Key(UUID tenantId, UUID userId) {
    }

    /** A user that went offline on a peer without saying so, last confirmed at {@code lastSeen}. */
    record Expired(Key key, Instant lastSeen) {
    }

    private static final class Entry {
        String status;
        long confirmedNanos;
        Instant confirmedAt;
    }

    private final long timeoutNanos;
    private final Map<Key, Map<String, Entry>> byUser = new HashMap<>();
    private final Map<String, Long> heardFrom = new HashMap<>();

    PeerPresence(long timeoutNanos) {
        this.timeoutNanos = timeoutNanos;
    }

    /** Records that {@code node} holds {@code key} with {@code status}. */
    void put(String node, Key key, String status, long nowNanos) {
        Entry e = byUser.computeIfAbsent(key, k -> new HashMap<>()).computeIfAbsent(node, n -> new Entry());
        e.status = status;
        e.confirmedNanos = nowNanos;
        e.confirmedAt = Instant.now();
        heard(node, nowNanos);
    }

    /** Forgets that {@code node} holds {@code key}. */
    void remove(String node, Key key) {
        Map<String, Entry> nodes = byUser.get(key);
        if (nodes != null && nodes.remove(node) != null && nodes.isEmpty()) {
            byUser.remove(key);
        }
    }

    /** Forgets every user of {@code tenantId} on {@code node}; returns them. */
    List<Key> leave(String node, UUID tenantId) {
        List<Key> left = new ArrayList<>();
        for (Map.Entry<Key, Map<String, Entry>> e : byUser.entrySet()) {
            if (e.getKey().tenantId().equals(tenantId) && e.getValue().containsKey(node)) {
                left.add(e.getKey());
            }
        }
        left.forEach(k -> remove(node, k));
        return left;
    }

    /** The users of {@code tenantId} some peer holds. */
    List<Key> users(UUID tenantId) {
        List<Key> users = new ArrayList<>();
        for (Key key : byUser.keySet()) {
            if (key.tenantId().equals(tenantId)) {
                users.add(key);
            }
        }
        return users;
    }

    /** The status the most recently confirming peer reports, or null when no peer holds the user. */
    String status(Key key) {
        Map<String, Entry> nodes = byUser.get(key);
        Entry latest = null;
        if (nodes != null) {
            for (Entry e : nodes.values()) {
                latest = latest == null || e.confirmedNanos > latest.confirmedNanos ? e : latest;
            }
        }
        return latest == null ? null : latest.status;
    }

    /** Removes the entries not confirmed within the timeout; returns the users no peer holds any more. */
    List<Expired> expire(long nowNanos) {
        List<Expired> gone = new ArrayList<>();
        for (Iterator<Map.Entry<Key, Map<String, Entry>>> users = byUser.entrySet().iterator(); users.hasNext(); ) {
            Map.Entry<Key, Map<String, Entry>> user = users.next();
            Instant last = null;
            for (Iterator<Entry> nodes = user.getValue().values().iterator(); nodes.hasNext(); ) {
                Entry e = nodes.next();
                if (nowNanos - e.confirmedNanos > timeoutNanos) {
                    last = last == null || e.confirmedAt.isAfter(last) ? e.confirmedAt : last;
                    nodes.remove();
                }
            }
            if (user.getValue().isEmpty()) {
                users.remove();
                gone.add(new Expired(user.getKey(), last));
            }
        }
        heardFrom.values().removeIf(at -> nowNanos - at > timeoutNanos);
        return gone;
    }

    void heard(String node, long nowNanos) {
        heardFrom.put(node, nowNanos);
    }

    /** Peers heard from within the timeout. */
    int nodes() {
        return heardFrom.size();
    }
}
