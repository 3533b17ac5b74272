package dev.switchboard.platform.events;

import dev.switchboard.platform.bus.EventEnvelope;
import dev.switchboard.platform.db.Db;
import io.vertx.core.Future;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tenants that have something a consumer acts for (outbound endpoints, workflows), so that the consumer can
 * skip every other tenant's events without a transaction. Loaded whenever the node starts working a shard (what
 * existed before the shard's checkpoint, which another node may have worked); after that, the events that create
 * such a thing mark their tenant as the consumer reads them in log order, before any later event of the tenant.
 * A tenant is never unmarked: one whose last endpoint or workflow is gone only costs transactions until the next
 * load.
 */
public final class KnownTenants {

    private final Db db;
    private final String query;
    private final String eventPrefix;
    private final Set<UUID> known = ConcurrentHashMap.newKeySet();
    private volatile boolean loaded;

    /**
     * @param query       a statement answering the tenants that have it now, one id per row
     * @param eventPrefix the type prefix of the events that create or change it ({@code workflow.})
     */
    public KnownTenants(Db db, String query, String eventPrefix) {
        this.db = db;
        this.query = query;
        this.eventPrefix = eventPrefix;
    }

    /** Adds the tenants that have it now; call from {@link LogConsumer#open}. */
    public Future<Void> load() {
        return db.pool().preparedQuery(query).execute().map(rows -> {
            rows.forEach(row -> known.add(row.getUUID(0)));
            loaded = true;
            return null;
        });
    }

    /** Marks {@code event}'s tenant when the event creates or changes it; call for every event, in log order. */
    public void see(EventEnvelope event) {
        if (event.type().startsWith(eventPrefix)) {
            known.add(event.tenantId());
        }
    }

    /** Whether {@code tenant} may have it: every tenant does until the first load. */
    public boolean mayHave(UUID tenant) {
        return !loaded || known.contains(tenant);
    }
}
