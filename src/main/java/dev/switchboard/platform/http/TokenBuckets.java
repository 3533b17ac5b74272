package dev.switchboard.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Token buckets by key, in this node's memory: a bucket holds up to {@code quota} tokens and refills at
 * {@code quota / window}; each request takes one. Taking is a few arithmetic operations under the bucket's own
 * lock, so it costs next to nothing on an event loop. Idle buckets are dropped after {@code idle} (they would be
 * full again by then).
 */
public final class TokenBuckets {

    private final Cache<String, Bucket> buckets;

    public TokenBuckets(Duration idle) {
        this.buckets = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(1_000_000).build();
    }

    /** What one attempt found: whether it was let through, and the bucket's state after it. */
    public record Outcome(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Takes a token from {@code key}'s bucket of {@code quota} per {@code windowSeconds}, when there is one. */
    public Outcome take(String key, int quota, int windowSeconds, long nowNanos) {
        return buckets.get(key, k -> new Bucket(quota, nowNanos)).take(quota, windowSeconds, nowNanos);
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(int quota, long now) {
            this.tokens = quota;
            this.updated = now;
        }

        synchronized Outcome take(int quota, int windowSeconds, long now) {
            double perSecond = (double) quota / windowSeconds;
            double elapsed = Math.max(0, now - updated) / 1e9;
            tokens = Math.min(quota, tokens + elapsed * perSecond);
            updated = now;
            boolean allowed = tokens >= 1;
            if (allowed) {
                tokens -= 1;
            }
            long reset = (long) Math.ceil((quota - tokens) / perSecond);
            long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
            return new Outcome(allowed, (long) Math.floor(tokens), reset, retryAfter);
        }
    }
}
