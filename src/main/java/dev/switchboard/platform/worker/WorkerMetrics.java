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

    /**
     * @param processedDescription what the processed counter counts (its HELP text)
     * @param lagDescription       what the lag gauge measures (its HELP text)
     */
    public WorkerMetrics(MeterRegistry registry, String processedName, String processedDescription, String lagName,
                         String lagDescription) {
        this.processed = Counter.builder(processedName).description(processedDescription).register(registry);
        Gauge.builder(lagName, lagMillis, v -> v.get() / 1000.0).description(lagDescription).strongReference(true).register(registry);
    }

    public void processed(int count) {
        processed.increment(count);
    }

    /** Records the age of the oldest waiting item, or zero when nothing waits. */
    public void oldestWaiting(Instant at) {
        lagMillis.set(at == null ? 0 : Math.max(0, Duration.between(at, Instant.now()).toMillis()));
    }
}
