package dev.switchboard.load.fanout;

import java.util.Arrays;

/** A growable list of latencies in nanoseconds with percentiles; single-threaded. */
final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    int size() {
        return size;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, or NaN when empty; sorts in place. */
    double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, size);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
        return values[index] / 1e6;
    }

    void clear() {
        size = 0;
    }
}
