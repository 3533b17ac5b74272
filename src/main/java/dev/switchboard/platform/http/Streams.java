package dev.switchboard.platform.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Writing a long response in pieces without outrunning the client. */
public final class Streams {

    private Streams() {
    }

    /** Writes one piece; completes when the connection can take more (backpressure), fails if the client left. */
    public static Future<Void> write(HttpServerResponse response, Buffer buffer) {
        if (response.closed()) {
            return Future.failedFuture(new IllegalStateException("client closed the export"));
        }
        response.write(buffer);
        if (!response.writeQueueFull()) {
            return Future.succeededFuture();
        }
        Promise<Void> drained = Promise.promise();
        response.drainHandler(v -> drained.tryComplete());
        response.closeHandler(v -> drained.tryFail("client closed the export"));
        return drained.future();
    }
}
