package dev.switchboard.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job queue's meters: jobs due now, the age of the oldest due job, and runs by kind and outcome.
 * Tags stay bounded: kinds are the registered ones (read at each run, so handlers registered later count too) (anything else counts as {@code unknown}).
 * Created once by the composition root, so redeployed workers keep reporting into them.
 */
public final class JobMetrics {

    public static final String DUE = "switchboard.jobs.due";
    public static final String OLDEST_DUE = "switchboard.jobs.oldest.due.seconds";
    public static final String RUNS = "switchboard.jobs.runs";

    /** How a run ended: done, to be tried again, dead-lettered, or no longer ours to record (lease lost). */
    enum Outcome { SUCCEEDED, RETRIED, DEAD, LOST }

    private final MeterRegistry registry;
    private final JobHandlers handlers;
    private final AtomicLong due = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();

    public JobMetrics(MeterRegistry registry, JobHandlers handlers) {
        this.registry = registry;
        this.handlers = handlers;
        Gauge.builder(DUE, due, AtomicLong::get).description("jobs due to run now, all tenants").strongReference(true).register(registry);
        Gauge.builder(OLDEST_DUE, oldestMillis, v -> v.get() / 1000.0)
                .description("how long the oldest due job has been waiting").strongReference(true).register(registry);
    }

    void queue(long dueNow, Instant oldest, Instant now) {
        due.set(dueNow);
        oldestMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis()));
    }

    void ran(String kind, Outcome outcome) {
        Counter.builder(RUNS)
                .description("job runs by kind and outcome")
                .tag("kind", handlers.find(kind) != null ? kind : "unknown")
                .tag("outcome", outcome.name().toLowerCase())
                .register(registry)
                .increment();
    }
}
