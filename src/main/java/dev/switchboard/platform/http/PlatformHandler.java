package dev.switchboard.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First handler of every request: assigns and echoes the request id, sets the security headers and
 * writes one JSON access-log line when the response ends.
 */
public final class PlatformHandler implements Handler<RoutingContext> {

    private static final Logger access = LoggerFactory.getLogger("access");

    private final boolean trustForwardedFor;

    public PlatformHandler(boolean trustForwardedFor) {
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = Requests.assignRequestId(ctx);
        long start = System.nanoTime();
        MultiMap headers = ctx.response().headers();
        headers.set(Requests.REQUEST_ID_HEADER, requestId)
                .set("X-Content-Type-Options", "nosniff")
                .set("X-Frame-Options", "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
                .set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
                .set("Cross-Origin-Opener-Policy", "same-origin")
                .set("Cache-Control", "no-store");
        ctx.addBodyEndHandler(v -> {
            if (!access.isInfoEnabled()) {
                return;
            }
            access.atInfo()
                    .addKeyValue("requestId", requestId)
                    .addKeyValue("method", ctx.request().method().name())
                    .addKeyValue("path", ctx.request().path())
                    .addKeyValue("status", ctx.response().getStatusCode())
                    .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000.0)
                    .addKeyValue("ip", Requests.clientIp(ctx, trustForwardedFor))
                    .log("request");
        });
        ctx.next();
    }
}
