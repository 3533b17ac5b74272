package dev.switchboard.realtime;

/**
 * Frames per second for one connection, in one-second windows: frames over the limit are dropped, the
 * first of them answered with an error, and a client that reaches twice the limit is closed.
 */
final class InboundLimiter {

    /** What to do with a frame. */
    enum Verdict { ACCEPT, WARN, DROP, CLOSE }

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final int perSecond;
    private long windowStart = System.nanoTime();
    private int count;

    InboundLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    Verdict hit() {
        long now = System.nanoTime();
        if (now - windowStart >= WINDOW_NANOS) {
            windowStart = now;
            count = 0;
        }
        count++;
        if (count <= perSecond) {
            return Verdict.ACCEPT;
        }
        if (count == perSecond + 1) {
            return Verdict.WARN;
        }
        return count > 2 * perSecond ? Verdict.CLOSE : Verdict.DROP;
    }
}
