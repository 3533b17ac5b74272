package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client over loopback that records every frame it receives, for assertions. */
final class WsClient implements AutoCloseable {

    private final WebSocketClient client;
    private final ClientWebSocket ws;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final Promise<Short> closed = Promise.promise();

    /** The handlers are in place before the upgrade, so a frame sent right after it (welcome) cannot pass unseen. */
    private WsClient(WebSocketClient client) {
        this.client = client;
        this.ws = client.webSocket();
        ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
        ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    }

    /** Connects to {@code /ws}; with a token, as {@code Authorization: Bearer}. */
    static WsClient connect(Vertx vertx, int port, String bearer) {
        return connect(vertx, port, bearer, List.of());
    }

    /** Like {@link #connect(Vertx, int, String)}, asking for {@code subprotocols} ({@code Sec-WebSocket-Protocol}). */
    static WsClient connect(Vertx vertx, int port, String bearer, List<String> subprotocols) {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024)
                .setMaxFrameSize(16 * 1024 * 1024));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
        if (bearer != null) {
            options.addHeader("Authorization", "Bearer " + bearer);
        }
        subprotocols.forEach(options::addSubProtocol);
        WsClient c = new WsClient(client);
        await(c.ws.connect(options));
        return c;
    }

    /** Connects with the header and waits for {@code welcome}. */
    static WsClient welcomed(Vertx vertx, int port, String bearer) {
        WsClient c = connect(vertx, port, bearer);
        c.await("welcome");
        return c;
    }

    WsClient send(JsonObject frame) {
        await(ws.writeTextMessage(frame.encode()));
        return this;
    }

    WsClient sendText(String text) {
        await(ws.writeTextMessage(text));
        return this;
    }

    /** Subscribes and waits for the confirmation. */
    WsClient subscribe(String channel) {
        send(new JsonObject().put("type", "subscribe").put("channel", channel));
        await(f -> "subscribed".equals(f.getString("type")) && channel.equals(f.getString("channel")), 10);
        return this;
    }

    /**
     * A presence frame saying {@code userId} has {@code status} (null: any status): a tick's {@code presence
     * {changes}} or the {@code presence.state {users}} sent on subscribing.
     */
    static Predicate<JsonObject> presence(String userId, String status) {
        return f -> {
            Object items = "presence".equals(f.getString("type")) ? f.getValue("changes")
                    : "presence.state".equals(f.getString("type")) ? f.getValue("users") : null;
            if (!(items instanceof io.vertx.core.json.JsonArray array)) {
                return false;
            }
            for (Object item : array) {
                JsonObject entry = (JsonObject) item;
                if (userId.equals(entry.getString("userId")) && (status == null || status.equals(entry.getString("status")))) {
                    return true;
                }
            }
            return false;
        };
    }

    /** The entry of {@code userId} in a frame matched by {@link #presence}. */
    static JsonObject presenceEntry(JsonObject frame, String userId) {
        io.vertx.core.json.JsonArray items = frame.containsKey("changes") ? frame.getJsonArray("changes") : frame.getJsonArray("users");
        for (Object item : items) {
            if (userId.equals(((JsonObject) item).getString("userId"))) {
                return (JsonObject) item;
            }
        }
        throw new AssertionError(userId + " not in " + frame);
    }

    JsonObject await(String type) {
        return await(f -> type.equals(f.getString("type")), 10);
    }

    /** The first frame matching {@code match} within {@code seconds}; frames before it are consumed. */
    JsonObject await(Predicate<JsonObject> match, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<JsonObject> seen = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                JsonObject f = frames.poll(50, TimeUnit.MILLISECONDS);
                if (f == null) {
                    continue;
                }
                if (match.test(f)) {
                    return f;
                }
                seen.add(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertNotNull(null, "no matching frame within " + seconds + " s; saw " + seen);
        return null;
    }

    /** Events received within {@code seconds} until {@code count} arrived, in arrival order. */
    List<JsonObject> events(int count, int seconds) {
        List<JsonObject> events = new ArrayList<>();
        while (events.size() < count) {
            events.add(await(f -> "event".equals(f.getString("type")), seconds));
        }
        return events;
    }

    /** Asserts that no frame matching {@code match} arrives within {@code millis}. */
    void assertNone(Predicate<JsonObject> match, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (System.nanoTime() < deadline) {
                JsonObject f = frames.poll(20, TimeUnit.MILLISECONDS);
                assertNull(f != null && match.test(f) ? f : null, "unexpected frame");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the server to close the socket and returns the close code. */
    short awaitClose(int seconds) {
        return await(closed.future(), seconds);
    }

    void assertClosedWith(int code, int seconds) {
        assertEquals((short) code, awaitClose(seconds));
    }

    WebSocket socket() {
        return ws;
    }

    @Override
    public void close() {
        if (!ws.isClosed()) {
            ws.close();
        }
        client.close();
    }

    static <T> T await(Future<T> future) {
        return await(future, 10);
    }

    static <T> T await(Future<T> future, int seconds) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
