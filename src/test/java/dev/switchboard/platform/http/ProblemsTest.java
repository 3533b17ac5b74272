package dev.switchboard.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How failures become problems: an exhausted database pool sheds load with 503 and Retry-After, never a 500. */
class ProblemsTest {

    @Test
    void aFullPoolWaitQueueIsA503WithRetryAfter() throws Exception {
        // a real pool whose wait queue is full: one connection slot to an address nobody listens on, no queue
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1).setMaxWaitQueueSize(0))
                    .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(1)).using(vertx).build();
            Future<?> first = pool.getConnection();
            Throwable shed = pool.getConnection().toCompletionStage().toCompletableFuture()
                    .handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
            first.toCompletionStage().toCompletableFuture().handle((ok, err) -> err).get(10, TimeUnit.SECONDS);
            assertEquals(ConnectionPoolTooBusyException.class, shed.getClass(), String.valueOf(shed));

            ApiException problem = Problems.toApiException(shed, 500);
            assertEquals(503, problem.status());
            assertEquals("overloaded", problem.type());
            assertEquals("1", problem.headers().get("Retry-After"));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnexpectedFailureStaysA500() {
        assertEquals(500, Problems.toApiException(new IllegalStateException("boom"), 500).status());
    }

    @Test
    void aBodyTheHttpDecoderCannotReadIsA400NotA500() {
        // Netty's own decoder, fed a chunked body whose chunk sizes are not numbers or overflow
        for (String chunks : java.util.List.of("ZZZ\r\n{}\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n")) {
            io.netty.channel.embedded.EmbeddedChannel channel =
                    new io.netty.channel.embedded.EmbeddedChannel(new io.netty.handler.codec.http.HttpRequestDecoder());
            channel.writeInbound(io.netty.buffer.Unpooled.copiedBuffer("POST /api/v1/contacts HTTP/1.1\r\nHost: x\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunks, java.nio.charset.StandardCharsets.US_ASCII));
            Throwable cause = null;
            for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
                if (message instanceof io.netty.handler.codec.DecoderResultProvider decoded && decoded.decoderResult().isFailure()) {
                    cause = decoded.decoderResult().cause();
                }
                io.netty.util.ReferenceCountUtil.release(message);
            }
            channel.finishAndReleaseAll();
            assertEquals(true, cause != null, "the decoder refuses " + chunks.substring(0, 3));

            ApiException problem = Problems.toApiException(cause, 500);
            assertEquals(400, problem.status(), String.valueOf(cause));
        }
        assertEquals(400, Problems.toApiException(new io.vertx.core.http.HttpClosedException("Connection was closed"), 500).status(),
                "a client that left mid-request is no server error");
        assertEquals(500, Problems.toApiException(new NumberFormatException("a bug of ours"), 500).status(),
                "the same exception type from anywhere else is still a server error");
    }
}
