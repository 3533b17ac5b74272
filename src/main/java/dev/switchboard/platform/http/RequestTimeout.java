package dev.switchboard.platform.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Answers a request that is still unanswered after the configured time with 503 problem+json and
 * {@code Retry-After}, so that a client never waits forever, for example on a database that stopped answering.
 * Work the request started goes on; its late answer is not sent, but a {@link ResponseRecorder} still sees it. WebSocket upgrades and responses that have
 * started streaming are left alone.
 */
public final class RequestTimeout implements Handler<RoutingContext> {

    /** Set on a request this timeout answered while its work went on. */
    public static final String TIMED_OUT = "requestTimedOut";

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
                // The 503 is not the request's outcome: the work goes on and may still commit. A recorder (an
                // idempotency key) waits for the late answer instead, so a retry cannot do the work twice.
                ResponseRecorder recorder = ctx.get(ResponseRecorder.CONTEXT_KEY);
                ctx.remove(ResponseRecorder.CONTEXT_KEY);
                ctx.put(TIMED_OUT, Boolean.TRUE);
                Problems.write(ctx, Problems.unavailable("the request took longer than the server allows; retry shortly"));
                if (recorder != null) {
                    ResponseRecorder.attach(ctx, recorder);
                }
            }
        });
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }
}
