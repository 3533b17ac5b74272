package dev.switchboard.webhooks.inbound;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Processing of one stored delivery, whoever runs it (the inbox consumer, or a replay's job): what its provider
 * fetches first, with no transaction open, then the processed mark and the effects on the caller's connection,
 * under the row's lock, so a delivery takes effect once.
 */
final class DeliveryProcessing {

    private final Map<String, InboxProcessor> processors;
    private final Clock clock;

    DeliveryProcessing(Map<String, InboxProcessor> processors, Clock clock) {
        this.processors = Map.copyOf(processors);
        this.clock = clock;
    }

    /** Whether some processor serves {@code provider}. */
    boolean knows(String provider) {
        return processors.containsKey(provider);
    }

    /** Whether processing {@code provider}'s deliveries calls out first. */
    boolean fetches(String provider) {
        InboxProcessor processor = processors.get(provider);
        return processor != null && processor.fetches();
    }

    /** What the delivery's processing needs from its provider's API; null when nothing is needed. */
    Future<JsonObject> fetch(InboxEvent stored) {
        InboxProcessor processor = processors.get(stored.provider());
        return processor == null || !processor.fetches() ? Future.succeededFuture() : processor.fetch(stored);
    }

    /**
     * Marks the delivery processed and applies its effects in the caller's transaction, unless it was processed
     * meanwhile: one statement both takes the row and records the outcome a commit makes true.
     */
    Future<Void> apply(SqlConnection conn, UUID tenantId, UUID id, JsonObject fetched) {
        return InboxStore.take(conn, tenantId, id, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).compose(stored -> {
            if (stored == null) {
                return Future.succeededFuture();
            }
            InboxProcessor processor = processors.get(stored.provider());
            if (processor == null) {
                return Future.failedFuture(new IllegalStateException("no processor for provider " + stored.provider()));
            }
            return processor.process(conn, stored, fetched);
        });
    }
}
