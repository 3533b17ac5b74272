package dev.switchboard.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Answers a request that is still unanswered after the configured time with 503 problem+json and
 * {@code Retry-After}, so that a client never waits forever, for example on a database that stopped answering.
 * Work the request started goes on; its late answer is dropped. WebSocket upgrades and responses that have
 * started streaming are left alone.
 */
public final class RequestTimeout implements Handler<RoutingContext> {

    private final long timeoutMs;

    public RequestTimeout(Duration timeout) {
        this.timeoutMs = timeout.toMillis();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true)) {
            ctx.next();
            return;
        }
        long timer = ctx.vertx().setTimer(timeoutMs, id -> {
            if (!ctx.response().headWritten()) {
                Problems.write(ctx, Problems.unavailable("the request took longer than the server allows; retry shortly"));
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }
}
