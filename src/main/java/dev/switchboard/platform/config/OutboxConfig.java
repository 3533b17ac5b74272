package dev.switchboard.platform.config;

import java.time.Duration;

/** The relay that publishes committed domain events to the event bus. */
public record OutboxConfig(Duration pollInterval, int batchSize) {
}
