package dev.switchboard.jobs;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): after
 * attempt n fails, wait a uniformly random time between zero and {@code min(cap, base * 2^(n-1))}.
 */
public final class Backoff implements RetryPolicy {

    private final int maxAttempts;
    private final Duration base;
    private final Duration cap;
    private final Supplier<Random> random;

    public Backoff(int maxAttempts, Duration base, Duration cap) {
        this(maxAttempts, base, cap, ThreadLocalRandom::current);
    }

    Backoff(int maxAttempts, Duration base, Duration cap, Supplier<Random> random) {
        this.maxAttempts = maxAttempts;
        this.base = base;
        this.cap = cap;
        this.random = random;
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The upper bound of the wait after {@code failedAttempt}. */
    public Duration ceiling(int failedAttempt) {
        int doublings = Math.min(Math.max(failedAttempt - 1, 0), 40);
        long millis = base.toMillis();
        long ceiling = millis > cap.toMillis() >> doublings ? cap.toMillis() : millis << doublings;
        return Duration.ofMillis(Math.min(ceiling, cap.toMillis()));
    }

    @Override
    public Duration delayAfter(int failedAttempt) {
        long ceiling = ceiling(failedAttempt).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.get().nextLong(ceiling + 1));
    }
}
