package dev.switchboard.jobs;

import java.time.Duration;
import java.util.List;

/** A fixed retry schedule: the first attempt at once, then one more after each listed wait. */
public final class RetrySchedule implements RetryPolicy {

    private final List<Duration> waits;

    public RetrySchedule(List<Duration> waits) {
        this.waits = List.copyOf(waits);
    }

    @Override
    public int maxAttempts() {
        return waits.size() + 1;
    }

    @Override
    public Duration delayAfter(int failedAttempt) {
        return waits.get(Math.min(Math.max(failedAttempt, 1), waits.size()) - 1);
    }
}
