package dev.switchboard.platform.metrics;

/** Names of the server's own meters; tags stay bounded (never an entity id). */
public final class MetricNames {

    public static final String EVENTBUS_REJECTED = "switchboard.eventbus.rejected";
    public static final String OUTBOX_PUBLISHED = "switchboard.outbox.published";
    public static final String OUTBOX_LAG = "switchboard.outbox.lag.seconds";
    public static final String RATE_LIMITED = "switchboard.http.rate.limited";
    public static final String AUTH_FAILURES = "switchboard.auth.failures";

    private MetricNames() {
    }
}
