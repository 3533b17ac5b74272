package dev.switchboard.jobs;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A job to enqueue. {@code delay} null runs it as soon as a worker is free; {@code dedupeKey}, when set,
 * makes a second enqueue with the same key (per tenant) return the first job instead.
 */
public record NewJob(String kind, JsonObject payload, Duration delay, String dedupeKey) {

    public static NewJob of(String kind, JsonObject payload) {
        return new NewJob(kind, payload, null, null);
    }

    public NewJob dedupedBy(String key) {
        return new NewJob(kind, payload, delay, key);
    }

    public NewJob delayedBy(Duration by) {
        return new NewJob(kind, payload, by, dedupeKey);
    }
}
