package dev.switchboard.platform.http;

import dev.switchboard.platform.config.OutboundConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks a URL the server is about to store or call against {@link OutboundConfig}: its host is resolved (on a
 * worker thread) and every address must be public or allowed. Checked when a URL is saved and again before each
 * call, since a name may resolve differently later.
 */
public final class OutboundAddresses {

    private final Vertx vertx;
    private final OutboundConfig config;

    public OutboundAddresses(Vertx vertx, OutboundConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /**
     * Why the server must not call {@code url}, or null when it may. A host that does not resolve is not refused
     * here: calling it fails on its own.
     */
    public Future<String> refusal(String url) {
        String host = OutboundConfig.host(url);
        if (host == null) {
            return Future.succeededFuture(null);
        }
        return vertx.executeBlocking(() -> {
            try {
                return config.refusal(host, InetAddress.getAllByName(host));
            } catch (UnknownHostException e) {
                return null;
            }
        }, false);
    }
}
