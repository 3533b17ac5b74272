package dev.switchboard.ai;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A reply draft as server-sent events: {@code delta} events with the text as the model writes it, then one {@code draft}
 * event with the kept draft, or an {@code error} event with a problem when the answer was rejected after streaming
 * began. A failure before the first piece of text is an ordinary problem+json answer.
 */
final class DraftStream {

    static final String CONTENT_TYPE = "text/event-stream";

    private final RoutingContext ctx;

    DraftStream(RoutingContext ctx) {
        this.ctx = ctx;
    }

    void text(String piece) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return;
        }
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-cache");
        }
        response.write(event("delta", new JsonObject().put("text", piece)));
    }

    void finish(AsyncResult<ReplyDraft> done) {
        HttpServerResponse response = ctx.response();
        if (!response.headWritten()) {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-cache");
        }
        if (response.closed() || response.ended()) {
            return;
        }
        if (done.succeeded()) {
            response.end(event("draft", done.result().toJson()));
            return;
        }
        Throwable err = done.cause();
        ApiException problem = err instanceof ApiException api ? api
                : new ApiException(500, "internal", "Internal server error", "an unexpected error occurred");
        response.end(event("error", new JsonObject().put("status", problem.status()).put("title", problem.title())
                .put("detail", problem.detail())));
    }

    private static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }
}
