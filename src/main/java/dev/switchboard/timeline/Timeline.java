package dev.switchboard.timeline;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.events.LogConsumer;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.Records;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** The timeline feature as the composition root sees it: its endpoint, its rebuild job and the verticle that keeps its projection. */
public final class Timeline {

    private static final long CACHED_RECORDS = 10_000;
    private static final Duration CACHE_TTL = Duration.ofMinutes(10);

    private final Db db;
    private final TenantBus bus;
    private final MeterRegistry registry;
    private final TimelineAppended appended;
    private final TimelineCache cache;
    private final TimelineEndpoint endpoint;

    /** @param cluster the link to the other nodes, which learn of committed entries through it (declares its topic) */
    public Timeline(Db db, TenantBus bus, Records records, ApiRoutes routes, MeterRegistry registry, Changes changes, JobQueue jobs,
                    JobHandlers handlers, ClusterLink cluster) {
        this.db = db;
        this.bus = bus;
        this.registry = registry;
        this.appended = new TimelineAppended(bus, cluster);
        this.cache = new TimelineCache(registry, CACHED_RECORDS, CACHE_TTL);
        handlers.register(TimelineRebuilder.KIND, new TimelineRebuilder(db, changes, cache));
        this.endpoint = new TimelineEndpoint(new TimelineService(db, records, cache), new TimelineRebuildService(db, changes, jobs), routes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The projection, a work consumer of the event log. */
    public LogConsumer consumer() {
        return new TimelineConsumer(appended);
    }

    /** This node's cache invalidator; deploy one per node. */
    public TimelineInvalidator invalidator() {
        return new TimelineInvalidator(bus, cache);
    }
}
