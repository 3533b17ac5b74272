package dev.switchboard.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * A token bucket per key ({@code ip}, {@code ip|email}, ...): {@code permits} per {@code window}, refilled
 * continuously. Shared by every HTTP verticle instance of the node; buckets of idle keys expire.
 */
public final class RateLimiter {

    private final long capacity;
    private final double refillPerNano;
    private final Cache<String, Bucket> buckets;
    private final Counter limited;

    public RateLimiter(String name, int permits, Duration window, MeterRegistry registry) {
        this.capacity = permits;
        this.refillPerNano = permits / (double) window.toNanos();
        this.buckets = Caffeine.newBuilder().expireAfterAccess(window.multipliedBy(2)).maximumSize(1_000_000).build();
        this.limited = Counter.builder(MetricNames.RATE_LIMITED).tag("limit", name).register(registry);
    }

    /** Takes one permit for {@code key}, or throws 429 with the seconds until one is available. */
    public void acquire(String key) {
        long waitNanos = buckets.get(key, k -> new Bucket(capacity)).take(capacity, refillPerNano, System.nanoTime());
        if (waitNanos > 0) {
            limited.increment();
            throw ApiException.tooManyRequests(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L));
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(long capacity) {
            this.tokens = capacity;
            this.updatedAt = System.nanoTime();
        }

        /** Returns 0 when a token was taken, else the nanoseconds until one will be there. */
        synchronized long take(long capacity, double refillPerNano, long now) {
            tokens = Math.min(capacity, tokens + (now - updatedAt) * refillPerNano);
            updatedAt = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / refillPerNano);
        }
    }
}
