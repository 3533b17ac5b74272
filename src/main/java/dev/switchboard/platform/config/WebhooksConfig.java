package dev.switchboard.platform.config;

import java.time.Duration;

/** Outbound webhook delivery: how long one attempt may take before it counts as failed. */
public record WebhooksConfig(Duration timeout) {
}
