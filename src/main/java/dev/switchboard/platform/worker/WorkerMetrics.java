package dev.switchboard.platform.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meters of one backlog worker: items processed and the age of the oldest item still waiting when it
 * last looked. Created once by the composition root, so a redeployed worker keeps reporting into them.
 */
public final class WorkerMetrics {

    private final Counter processed;
    private final AtomicLong lagMillis = new AtomicLong();

    public WorkerMetrics(MeterRegistry registry, String processedName, String lagName, String description) {
        this.processed = Counter.builder(processedName).register(registry);
        Gauge.builder(lagName, lagMillis, v -> v.get() / 1000.0).description(description).strongReference(true).register(registry);
    }

    public void processed(int count) {
        processed.increment(count);
    }

    /** Records the age of the oldest waiting item, or zero when nothing waits. */
    public void oldestWaiting(Instant at) {
        lagMillis.set(at == null ? 0 : Math.max(0, Duration.between(at, Instant.now()).toMillis()));
    }
}
