package dev.switchboard.load.rest;

import java.util.Arrays;

/** Recorded response times in microseconds, and their percentiles. Single-threaded (one event loop). */
public final class Latencies {

    private long[] values = new long[1 << 16];
    private int size;

    public void add(long micros) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = micros;
    }

    public int count() {
        return size;
    }

    /** The value at quantile {@code q} (0..1) in milliseconds; sorts on first use after recording stops. */
    public double percentileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        Arrays.sort(values, 0, size);
        int index = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
        return values[Math.max(0, index)] / 1000.0;
    }
}
