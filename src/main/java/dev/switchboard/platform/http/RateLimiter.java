package dev.switchboard.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * At most {@code permits} per {@code window} per key ({@code ip}, {@code ip|email}, ...), as a sliding
 * window log: exactly "10 per minute", however the attempts are spaced, with {@code Retry-After} the time
 * until the oldest attempt leaves the window. Shared by every HTTP verticle instance of the node; logs
 * of idle keys expire.
 */
public final class RateLimiter {

    private final int permits;
    private final long windowNanos;
    private final Cache<String, Log> logs;
    private final Counter limited;

    public RateLimiter(String name, int permits, Duration window, MeterRegistry registry) {
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.logs = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(1_000_000).build();
        this.limited = Counter.builder(MetricNames.RATE_LIMITED).description("requests refused with 429 by a rate limit")
                .tag("limit", name).register(registry);
    }

    /** Takes one permit for {@code key}, or throws 429 with the seconds until one is available. */
    public void acquire(String key) {
        long waitNanos = logs.get(key, k -> new Log(permits)).take(windowNanos, System.nanoTime());
        if (waitNanos > 0) {
            limited.increment();
            throw ApiException.tooManyRequests(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    /** The times of the last {@code permits} attempts, oldest first, as a ring. */
    private static final class Log {
        private final long[] attempts;
        private int oldest;
        private int count;

        Log(int permits) {
            this.attempts = new long[permits];
        }

        /** Returns 0 when the attempt is allowed (and recorded), else the nanoseconds until one will be. */
        synchronized long take(long windowNanos, long now) {
            while (count > 0 && now - attempts[oldest] >= windowNanos) {
                oldest = (oldest + 1) % attempts.length;
                count--;
            }
            if (count == attempts.length) {
                return attempts[oldest] + windowNanos - now;
            }
            attempts[(oldest + count) % attempts.length] = now;
            count++;
            return 0;
        }
    }
}
