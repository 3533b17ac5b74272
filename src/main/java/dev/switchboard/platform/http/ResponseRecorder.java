package dev.switchboard.platform.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Sees the final status and body of a request before it is sent; a handler earlier in the chain
 * (such as idempotency) attaches one to keep the response. The response waits for the recording, so
 * a client's immediate retry already finds it.
 */
@FunctionalInterface
public interface ResponseRecorder {

    String CONTEXT_KEY = "responseRecorder";

    /** Completes when the response is kept; a failure is the recorder's to log, the response is sent regardless. */
    Future<Void> record(int status, String contentType, Buffer body);

    static void attach(RoutingContext ctx, ResponseRecorder recorder) {
        ctx.put(CONTEXT_KEY, recorder);
    }

    /** Called by {@link Responses} and {@link Problems} before they answer; answer when it completes. */
    static Future<Void> notify(RoutingContext ctx, int status, String contentType, Buffer body) {
        ResponseRecorder recorder = ctx.get(CONTEXT_KEY);
        if (recorder == null) {
            return Future.succeededFuture();
        }
        ctx.remove(CONTEXT_KEY);
        return recorder.record(status, contentType, body).recover(err -> Future.succeededFuture());
    }
}
