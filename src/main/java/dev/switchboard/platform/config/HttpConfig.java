package dev.switchboard.platform.config;

import java.time.Duration;
import java.util.List;

/**
 * The public HTTP listener: REST, WebSocket, webhooks, health and metrics.
 *
 * @param instances          HTTP verticle instances, one per event loop
 * @param bodyLimitBytes     request bodies above this are refused with 413 before they are read whole
 * @param corsOrigins        origins allowed by CORS; empty means same-origin only
 * @param trustForwardedFor  take the client address from {@code X-Forwarded-For} (behind a trusted proxy only)
 * @param shutdownGrace      how long in-flight requests may finish on shutdown
 */
public record HttpConfig(
        String host,
        int port,
        int instances,
        long bodyLimitBytes,
        List<String> corsOrigins,
        boolean trustForwardedFor,
        Duration shutdownGrace) {

    public HttpConfig {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
