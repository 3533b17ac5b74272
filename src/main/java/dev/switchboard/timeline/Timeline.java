package dev.switchboard.timeline;

import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.Records;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** The timeline feature as the composition root sees it: its endpoint and the verticle that keeps its projection. */
public final class Timeline {

    private static final long CACHED_RECORDS = 10_000;
    private static final Duration CACHE_TTL = Duration.ofMinutes(10);

    private final Db db;
    private final TenantBus bus;
    private final MeterRegistry registry;
    private final TimelineCache cache;
    private final TimelineEndpoint endpoint;

    public Timeline(Db db, TenantBus bus, Records records, ApiRoutes routes, MeterRegistry registry) {
        this.db = db;
        this.bus = bus;
        this.registry = registry;
        this.cache = new TimelineCache(registry, CACHED_RECORDS, CACHE_TTL);
        this.endpoint = new TimelineEndpoint(new TimelineService(db, records, cache), routes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** A new projection verticle; deploy exactly one, before the outbox relay starts. */
    public TimelineVerticle verticle() {
        return new TimelineVerticle(db, bus, cache, registry);
    }
}
