package dev.switchboard.tenancy;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The registry of {@link RecordAccess} per record type; filled by the composition root. */
public final class Records {

    private final Map<String, RecordAccess> byType = new HashMap<>();

    public Records register(RecordAccess access) {
        for (String type : access.types()) {
            if (byType.putIfAbsent(type, access) != null) {
                throw new IllegalStateException("record type " + type + " registered twice");
            }
        }
        return this;
    }

    public Set<String> types() {
        return Set.copyOf(byType.keySet());
    }

    /** False for an unknown type, a missing record or one {@code p} may not read. */
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        RecordAccess access = byType.get(type);
        return access == null ? Future.succeededFuture(false) : access.canRead(p, type, id);
    }
}
