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
 * @param requestTimeout     a request not answered within this long gets 503 with {@code Retry-After} (e.g. while the
 *                           database is unreachable), so no client waits forever
 */
public record HttpConfig(
        String host,
        int port,
        int instances,
        long bodyLimitBytes,
        List<String> corsOrigins,
        boolean trustForwardedFor,
        Duration shutdownGrace,
        Duration requestTimeout) {

    public HttpConfig {
        corsOrigins = List.copyOf(corsOrigins);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new ConfigException("invalid configuration: http.requestTimeout (SWITCHBOARD_HTTP_REQUEST_TIMEOUT) must be positive");
        }
    }
}
