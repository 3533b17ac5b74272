package dev.switchboard.load.fanout;

import java.util.Locale;

/** Formats results as lines for the console and as rows for the results table in load-tests/README.md. */
final class Report {

    private Report() {
    }

    static String line(DeliveryRun.Result r) {
        return String.format(Locale.ROOT, "subscribers %5d | target %5d writes/s | writes %7.1f/s | deliveries %9.0f/s"
                        + " | p50 %7.2f ms | p99 %7.2f ms | max %7.2f ms | last-subscriber p99 %7.2f ms"
                        + " | received %d of %d | write errors %d | server cpu %.2f cores (%.1f us per delivery), database %.2f cores",
                r.subscribers(), r.targetRate(), r.writesPerSecond(), r.deliveriesPerSecond(), r.p50(), r.p99(), r.max(),
                r.lastSubscriberP99(), r.received(), r.expected(), r.writeErrors(), r.serverCpu(), r.serverMicrosPerDelivery(),
                r.databaseCpu());
    }

    static String line(PresenceRun.Result r) {
        return String.format(Locale.ROOT, "presence joins %d | all welcomed %.0f ms | all presence frames %.0f ms"
                + " | GET /api/v1/presence agrees %.0f ms", r.joins(), r.welcomedMillis(), r.framesMillis(), r.restMillis());
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
