package dev.switchboard.load.fanout;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Opens authenticated WebSockets to {@code /ws} (bearer header on the upgrade), spreading them over several
 * local source addresses so tens of thousands of sockets do not exhaust one address's ephemeral ports.
 */
public final class Sockets {

    private final List<WebSocketClient> clients = new ArrayList<>();
    private final String host;
    private final int port;
    private int next;

    public Sockets(Vertx vertx, String host, int port, int sourceAddresses) {
        this(vertx, host, port, sourceAddresses, -1);
    }

    /** With {@code receiveBufferBytes} > 0, every socket's kernel receive buffer is that small (no auto-tuning). */
    Sockets(Vertx vertx, String host, int port, int sourceAddresses, int receiveBufferBytes) {
        this.host = host;
        this.port = port;
        for (int i = 1; i <= sourceAddresses; i++) {
            WebSocketClientOptions options = new WebSocketClientOptions().setLocalAddress("127.0.0." + i)
                    .setMaxConnections(100_000).setTcpNoDelay(true).setConnectTimeout(30_000)
                    .setMaxMessageSize(1024 * 1024).setMaxFrameSize(1024 * 1024);
            if (receiveBufferBytes > 0) {
                options.setReceiveBufferSize(receiveBufferBytes);
            }
            clients.add(vertx.createWebSocketClient(options));
        }
    }

    /**
     * Connects as {@code user}, waits for {@code welcome}, then (when {@code channel} is not null) subscribes and
     * waits for {@code subscribed}; afterwards every message goes to {@code onMessage}.
     */
    Future<WebSocket> open(Api.User user, String channel, Consumer<Buffer> onMessage) {
        return open(user.accessToken(), channel, onMessage);
    }

    /** Like {@link #open(Api.User, String, Consumer)}, for any access token. */
    public Future<WebSocket> open(String accessToken, String channel, Consumer<Buffer> onMessage) {
        WebSocketClient client = clients.get(next++ % clients.size());
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws")
                .addHeader("Authorization", "Bearer " + accessToken);
        return client.connect(options).compose(ws -> {
            Promise<WebSocket> ready = Promise.promise();
            ws.closeHandler(v -> ready.tryFail("closed before ready: " + ws.closeStatusCode() + " " + ws.closeReason()));
            // whole messages: a large one (presence.state of many users) arrives as several frames
            ws.textMessageHandler(text -> {
                Buffer message = Buffer.buffer(text);
                if (ready.future().isComplete()) {
                    onMessage.accept(message);
                    return;
                }
                JsonObject frame = message.toJsonObject();
                String type = frame.getString("type");
                if ("welcome".equals(type) && channel == null) {
                    ready.tryComplete(ws);
                } else if ("welcome".equals(type)) {
                    ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("channel", channel).encode());
                } else if ("subscribed".equals(type) && channel.equals(frame.getString("channel"))) {
                    ready.tryComplete(ws);
                } else if ("error".equals(type)) {
                    ready.tryFail("error frame: " + frame.encode());
                } else {
                    // a frame of the channel that overtook "subscribed" (presence.state, say) is not lost
                    onMessage.accept(message);
                }
            });
            return ready.future();
        });
    }

    /**
     * A subscriber socket of the reference server (load-tests/reference): {@code /ws?token=JWT}, every socket of the
     * token's tenant receives its {@code /publish} messages; ready once it said {@code welcome}.
     */
    Future<WebSocket> openReference(String token, Consumer<Buffer> onMessage) {
        WebSocketClient client = clients.get(next++ % clients.size());
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
                .setURI("/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        return client.connect(options).compose(ws -> {
            Promise<WebSocket> ready = Promise.promise();
            ws.closeHandler(v -> ready.tryFail("closed before its welcome: " + ws.closeStatusCode() + " " + ws.closeReason()));
            // whole messages: a large one (presence.state of many users) arrives as several frames
            ws.textMessageHandler(text -> {
                Buffer message = Buffer.buffer(text);
                if (ready.future().isComplete()) {
                    onMessage.accept(message);
                } else if ("welcome".equals(message.toJsonObject().getString("type"))) {
                    ready.tryComplete(ws);
                }
            });
            return ready.future();
        });
    }

    /** Opens {@code count} sockets round-robin over {@code users}, at most {@code parallel} handshakes at a time. */
    Future<List<WebSocket>> openMany(List<Api.User> users, int count, String channel, int parallel, Consumer<Buffer> onMessage) {
        return openMany(count, parallel, i -> open(users.get(i % users.size()), channel, onMessage));
    }

    /** Opens {@code count} reference sockets with one tenant's {@code token}, at most {@code parallel} handshakes at a time. */
    Future<List<WebSocket>> openManyReference(String token, int count, int parallel, Consumer<Buffer> onMessage) {
        return openMany(count, parallel, i -> openReference(token, onMessage));
    }

    private Future<List<WebSocket>> openMany(int count, int parallel, IntFunction<Future<WebSocket>> opener) {
        List<WebSocket> opened = new ArrayList<>(count);
        int[] started = {0};
        List<Future<Void>> lanes = new ArrayList<>();
        for (int i = 0; i < Math.min(parallel, count); i++) {
            lanes.add(lane(count, started, opened, opener));
        }
        return Future.all(lanes).map(opened);
    }

    private Future<Void> lane(int count, int[] started, List<WebSocket> opened, IntFunction<Future<WebSocket>> opener) {
        if (started[0] >= count) {
            return Future.succeededFuture();
        }
        return opener.apply(started[0]++).compose(ws -> {
            opened.add(ws);
            return lane(count, started, opened, opener);
        });
    }

    /** Closes every socket in {@code sockets}, waiting for each. */
    public static Future<Void> closeAll(List<WebSocket> sockets) {
        return Future.join(sockets.stream().map(ws -> ws.close().otherwise((Void) null)).toList()).mapEmpty();
    }
}
