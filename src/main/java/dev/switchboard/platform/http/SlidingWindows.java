package dev.switchboard.platform.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Arrays;

/**
 * Request counters by key, in this node's memory: at most {@code quota} requests in any span of {@code window},
 * however they are spaced. A key's window is kept as {@link #SLOTS} counts, each covering a fiftieth of the window;
 * a request is let through while the counts of the current slot and of the {@code SLOTS} before it add up to less
 * than the quota. Those slots cover the whole of the last window, so no span of one window ever holds more than
 * the quota; a request near a window's end may be refused up to one slot (2% of the window) early. Taking is a few
 * array operations under the key's own lock, so it costs next to nothing on an event loop. Idle keys are dropped
 * after {@code idle}, which must be at least the longest window.
 */
public final class SlidingWindows {

    static final int SLOTS = 50;

    private final Cache<String, Window> windows;

    public SlidingWindows(Duration idle) {
        this.windows = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(1_000_000).build();
    }

    /**
     * What one attempt found: whether it was let through; the requests left in the window after it; the seconds
     * until the whole quota is free again; and, when refused, the seconds until one request will be let through.
     */
    public record Outcome(boolean allowed, long remaining, long resetSeconds, long retryAfterSeconds) {
    }

    /** Counts a request against {@code key}'s window of {@code quota} per {@code windowSeconds}, unless it is full. */
    public Outcome take(String key, int quota, int windowSeconds, long nowNanos) {
        Window window = windows.asMap().compute(key, (k, current) -> current != null && current.sized(quota, windowSeconds)
                ? current : new Window(quota, windowSeconds));
        return window.take(nowNanos);
    }

    /** One key's counts: a ring of {@code SLOTS + 1} slots ending at slot {@code newest} (slots count from the clock's zero). */
    private static final class Window {
        private final int quota;
        private final int windowSeconds;
        private final long slotNanos;
        private final int[] counts = new int[SLOTS + 1];
        private long newest = Long.MIN_VALUE;
        private long total;

        Window(int quota, int windowSeconds) {
            this.quota = quota;
            this.windowSeconds = windowSeconds;
            this.slotNanos = Duration.ofSeconds(windowSeconds).toNanos() / SLOTS;
        }

        boolean sized(int quota, int windowSeconds) {
            return this.quota == quota && this.windowSeconds == windowSeconds;
        }

        synchronized Outcome take(long now) {
            // a caller that read the clock just before another may arrive just after it: count it in the newest slot
            long slot = Math.max(Math.floorDiv(now, slotNanos), newest);
            advanceTo(slot);
            boolean allowed = total < quota;
            if (allowed) {
                counts[index(slot)]++;
                total++;
            }
            long reset = total == 0 ? 0 : seconds(leaves(lastUsed(slot)) - now);
            long retryAfter = allowed ? 0 : Math.max(1, seconds(leaves(firstUsed(slot)) - now));
            return new Outcome(allowed, quota - total, reset, retryAfter);
        }

        /** Empties the slots that fell out of the window since the last request. */
        private void advanceTo(long slot) {
            if (newest == Long.MIN_VALUE || slot - newest > SLOTS) {
                Arrays.fill(counts, 0);
                total = 0;
            } else {
                for (long s = newest + 1; s <= slot; s++) {
                    total -= counts[index(s)];
                    counts[index(s)] = 0;
                }
            }
            newest = slot;
        }

        private long firstUsed(long slot) {
            for (long s = slot - SLOTS; s <= slot; s++) {
                if (counts[index(s)] > 0) {
                    return s;
                }
            }
            return slot;
        }

        private long lastUsed(long slot) {
            for (long s = slot; s >= slot - SLOTS; s--) {
                if (counts[index(s)] > 0) {
                    return s;
                }
            }
            return slot - SLOTS;
        }

        /** When a request counted in {@code slot} stops counting. */
        private long leaves(long slot) {
            return (slot + SLOTS + 1) * slotNanos;
        }

        private static int index(long slot) {
            return (int) Math.floorMod(slot, (long) SLOTS + 1);
        }

        private static long seconds(long nanos) {
            return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
        }
    }
}
