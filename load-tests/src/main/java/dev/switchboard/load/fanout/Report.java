package dev.switchboard.load.fanout;

import java.util.Locale;

/** Formats results as lines for the console and as rows for the results table in load-tests/README.md. */
final class Report {

    private Report() {
    }

    static String line(DeliveryRun.Result r) {
        return String.format(Locale.ROOT, "%-11s | subscribers %5d | target %5d requests/s | sent %7.1f/s | deliveries %9.0f/s"
                        + " | p50 %7.2f ms | p99 %7.2f ms | max %7.2f ms | last-subscriber p99 %7.2f ms"
                        + " | received %d of %d | request errors %d | sockets closed %d"
                        + " | server cpu %.2f cores (%.1f us per delivery), database %.2f cores",
                r.target(), r.subscribers(), r.targetRate(), r.writesPerSecond(), r.deliveriesPerSecond(), r.p50(), r.p99(), r.max(),
                r.lastSubscriberP99(), r.received(), r.expected(), r.writeErrors(), r.closed(), r.serverCpu(),
                r.serverMicrosPerDelivery(), r.databaseCpu());
    }

    /** Switchboard against the reference at the same subscriber count and target rate. */
    static String comparison(DeliveryRun.Result sb, DeliveryRun.Result ref) {
        return String.format(Locale.ROOT, "COMPARE subscribers=%d target=%d/s | deliveries/s switchboard %.0f reference %.0f"
                        + " ratio %.2f | p99 switchboard %.2f ms reference %.2f ms ratio %.2f"
                        + " | cpu per delivery switchboard %.2f us reference %.2f us ratio %.2f",
                sb.subscribers(), sb.targetRate(), sb.deliveriesPerSecond(), ref.deliveriesPerSecond(),
                sb.deliveriesPerSecond() / ref.deliveriesPerSecond(), sb.p99(), ref.p99(), sb.p99() / ref.p99(),
                sb.serverMicrosPerDelivery(), ref.serverMicrosPerDelivery(),
                sb.serverMicrosPerDelivery() / ref.serverMicrosPerDelivery());
    }

    static String line(PresenceRun.Result r) {
        return String.format(Locale.ROOT, "presence joins %d (each subscribed to presence) | all subscribed %.0f ms"
                        + " | observer saw all online %.0f ms | everyone saw everyone %.0f ms (%d of %d sockets complete)"
                        + " | GET /api/v1/presence agrees %.0f ms | presence frames received %d (%d presence.state, %d changes)",
                r.joins(), r.welcomedMillis(), r.framesMillis(), r.everyoneMillis(), r.complete(), r.joins(), r.restMillis(),
                r.frames(), r.stateFrames(), r.changes());
    }

    /** The idle run, with the heap extrapolated to {@code wanted} connections when fewer could be opened. */
    static String line(IdleRun.Result r, int wanted) {
        double perConnection = (r.heapUsedBytes() - r.heapBeforeBytes()) / (double) Math.max(1, r.connections());
        return String.format(Locale.ROOT, "idle connections %d | opened in %.1f s | heap after full GC %.0f MiB"
                        + " (before %.0f MiB, %.1f KiB per connection; at %d connections %.0f MiB)", r.connections(),
                r.openSeconds(), r.heapUsedBytes() / 1048576.0, r.heapBeforeBytes() / 1048576.0, perConnection / 1024,
                wanted, (r.heapBeforeBytes() + perConnection * wanted) / 1048576.0);
    }
}
