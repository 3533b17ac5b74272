package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * Webhooks. Outbound: how long one delivery attempt may take before it counts as failed. Inbound Meta Lead
 * Ads: the app secret that signs Meta's POSTs and the verify token of its subscription handshake (either
 * null leaves only organizations' own Meta apps), and the Graph API base URL leads are fetched from.
 */
public record WebhooksConfig(Duration timeout, String metaAppSecret, String metaVerifyToken, String metaGraphBaseUrl) {

    @Override
    public String toString() {
        return "WebhooksConfig[timeout=" + timeout + ", meta=" + (metaAppSecret != null && metaVerifyToken != null) + "]";
    }
}
