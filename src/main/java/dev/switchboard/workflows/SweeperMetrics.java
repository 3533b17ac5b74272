package dev.switchboard.workflows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's meters: sweeps, clock triggers fired by trigger type, the lag between a clock trigger's due time
 * and the start of its run (a histogram), and runs launched by how they start ({@code inline}: in the launching
 * transaction; {@code queued}: from the job queue; {@code stopped}: refused by a loop limit). Tags are fixed sets.
 */
final class SweeperMetrics {

    static final String SWEEPS = "switchboard.workflows.sweeps";
    static final String FIRED = "switchboard.workflows.triggers.fired";
    static final String LAG = "switchboard.workflows.clock.lag";
    static final String LAUNCHED = "switchboard.workflows.runs.launched";

    private final Counter sweeps;
    private final Map<String, Counter> fired = new ConcurrentHashMap<>();
    private final Timer lag;
    private final Map<String, Counter> launched = new ConcurrentHashMap<>();

    SweeperMetrics(MeterRegistry registry) {
        this.sweeps = Counter.builder(SWEEPS).description("clock trigger sweeps").register(registry);
        for (String trigger : Triggers.CLOCK) {
            fired.put(trigger, Counter.builder(FIRED).description("clock triggers that started a run").tag("trigger", trigger)
                    .register(registry));
        }
        this.lag = Timer.builder(LAG).description("from a clock trigger's due time to the start of its run")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).register(registry);
        Map.of(Run.RUNNING, "inline", Run.QUEUED, "queued", Run.STOPPED, "stopped").forEach((status, start) -> launched.put(status,
                Counter.builder(LAUNCHED).description("workflow runs launched, by how they start").tag("start", start).register(registry)));
    }

    void swept() {
        sweeps.increment();
    }

    void fired(String trigger) {
        Counter c = fired.get(trigger);
        if (c != null) {
            c.increment();
        }
    }

    /** A run was recorded with {@code status}: running (inline), queued or stopped. */
    void launched(String status) {
        Counter c = launched.get(status);
        if (c != null) {
            c.increment();
        }
    }

    void lag(Duration d) {
        lag.record(d.isNegative() ? Duration.ZERO : d);
    }
}
