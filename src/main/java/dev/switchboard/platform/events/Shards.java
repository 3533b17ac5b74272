package dev.switchboard.platform.events;

import java.util.UUID;

/**
 * Which shard of the event log a tenant's events belong to. The same function runs in the database
 * ({@code event_shard}), so a reader filters there what a waker computes here.
 */
public final class Shards {

    private Shards() {
    }

    /** {@code tenantId}'s shard among {@code shards}: its UUID hash, unsigned, modulo the count. */
    public static int of(UUID tenantId, int shards) {
        return (int) (Integer.toUnsignedLong(tenantId.hashCode()) % shards);
    }
}
