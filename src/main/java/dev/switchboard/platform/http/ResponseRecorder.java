package dev.switchboard.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Sees the final status and body of a request before it is sent; a handler earlier in the chain
 * (such as idempotency) attaches one to keep the response.
 */
@FunctionalInterface
public interface ResponseRecorder {

    String CONTEXT_KEY = "responseRecorder";

    void record(int status, String contentType, Buffer body);

    static void attach(RoutingContext ctx, ResponseRecorder recorder) {
        ctx.put(CONTEXT_KEY, recorder);
    }

    /** Called by {@link Responses} and {@link Problems} just before they answer. */
    static void notify(RoutingContext ctx, int status, String contentType, Buffer body) {
        ResponseRecorder recorder = ctx.get(CONTEXT_KEY);
        if (recorder != null) {
            ctx.remove(CONTEXT_KEY);
            recorder.record(status, contentType, body);
        }
    }
}
