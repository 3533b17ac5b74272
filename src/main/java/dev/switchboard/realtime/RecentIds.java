package dev.switchboard.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The ids of the last N events written to one connection; used from the connection's context only. */
final class RecentIds {

    private final Map<UUID, Boolean> ids;

    RecentIds(int capacity) {
        this.ids = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True when {@code id} was not seen yet (and remembers it now). */
    boolean add(UUID id) {
        return ids.put(id, Boolean.TRUE) == null;
    }

    boolean contains(UUID id) {
        return ids.containsKey(id);
    }
}
