package dev.switchboard.timeline;

import dev.switchboard.platform.bus.EventEnvelope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How far the projection is behind the event log: the events received but not yet projected, and the age of the
 * oldest of them (0 when caught up). Read by the metrics scrape from another thread, hence the concurrent map.
 */
final class ProjectionLag {

    static final String LAG = "switchboard.timeline.projection.lag";
    static final String PENDING = "switchboard.timeline.projection.pending";

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    ProjectionLag(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        Gauge.builder(LAG, this, ProjectionLag::seconds).baseUnit("seconds")
                .description("age of the oldest domain event the timeline has received but not yet projected").register(registry);
        Gauge.builder(PENDING, pending, Map::size)
                .description("domain events the timeline has received but not yet projected").register(registry);
    }

    void received(EventEnvelope e) {
        pending.put(e.id(), e.occurredAt() == null ? clock.instant() : e.occurredAt());
    }

    void done(EventEnvelope e) {
        pending.remove(e.id());
    }

    double seconds() {
        Instant now = clock.instant();
        return pending.values().stream().min(Instant::compareTo)
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toNanos() / 1e9)).orElse(0.0);
    }
}
