package dev.switchboard.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One connection's recent answers to "may this user read record X?", kept for a short TTL so a burst
 * of events about one record costs one check. Used from the connection's context only.
 */
final class ReadDecisions {

    private static final int MAX_ENTRIES = 512;

    private record Decision(boolean allowed, long at) {
    }

    private final long ttlNanos;
    private final Map<String, Decision> decisions = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Decision> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    ReadDecisions(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** The cached answer, or null when there is none or it is too old. */
    Boolean get(String type, UUID id) {
        Decision d = decisions.get(type + ":" + id);
        if (d == null || System.nanoTime() - d.at > ttlNanos) {
            return null;
        }
        return d.allowed;
    }

    void put(String type, UUID id, boolean allowed) {
        decisions.put(type + ":" + id, new Decision(allowed, System.nanoTime()));
    }

    void clear() {
        decisions.clear();
    }
}
