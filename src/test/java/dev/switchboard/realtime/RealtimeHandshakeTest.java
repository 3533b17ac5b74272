package dev.switchboard.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.platform.http.HttpServerVerticle;
import dev.switchboard.testing.Account;
import dev.switchboard.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The WebSocket upgrade as a client library sees it: the answer to a bad token, early frames, subprotocols. */
class RealtimeHandshakeTest {

    private static TestServer server;
    private static Vertx clients;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of());
        clients = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        WsClient.await(clients.close());
        server.close();
    }

    @Test
    void aBadBearerTokenIsRefusedWith401InsteadOfBeingUpgraded() throws IOException {
        String answer = rawUpgrade("Bearer not-a-token");
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/problem+json"), answer);
        assertFalse(answer.toLowerCase().contains("upgrade: websocket"), answer);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertEquals(401, new JsonObject(body).getInteger("status"), body);
    }

    @Test
    void aValidBearerTokenIsUpgraded() throws IOException {
        Account admin = server.register("Raw Upgrade");
        String answer = rawUpgrade("Bearer " + admin.accessToken());
        assertTrue(answer.startsWith("HTTP/1.1 101"), answer);
    }

    @Test
    void anUpgradeAnnouncingAnEmptyBodyIsUpgraded() throws IOException {
        Account admin = server.register("Empty Body Upgrade");
        String answer = rawUpgrade("Bearer " + admin.accessToken() + "\r\nContent-Length: 0");
        assertTrue(answer.startsWith("HTTP/1.1 101"), answer);
    }

    @Test
    void framesAreNotCompressedEvenWhenTheClientOffersIt() throws IOException {
        Account admin = server.register("Deflate Offer");
        String answer = rawUpgrade("Bearer " + admin.accessToken()
                + "\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame");
        assertTrue(answer.startsWith("HTTP/1.1 101"), answer);
        assertFalse(answer.toLowerCase().contains("sec-websocket-extensions"), answer);
    }

    @Test
    void framesSentRightAfterTheUpgradeAreHandledOnceWelcomed() {
        Account admin = server.register("Early Frames");
        try (WsClient ws = WsClient.connect(clients, server.port, admin.accessToken())) {
            // sent at once, without waiting for welcome: handled in order after it, none refused
            ws.send(new JsonObject().put("type", "ping"));
            ws.send(new JsonObject().put("type", "subscribe").put("channel", "org"));
            JsonObject first = ws.await(f -> !"presence".equals(f.getString("type")), 10);
            assertEquals("welcome", first.getString("type"), first.encode());
            ws.await("pong");
            assertEquals("org", ws.await("subscribed").getString("channel"));
            dev.switchboard.testing.Http.Response task = server.http.post("/api/v1/tasks",
                    new JsonObject().put("title", "Seen after early subscribe"), admin.accessToken());
            assertEquals(201, task.status(), task::toString);
            JsonObject event = ws.await(f -> "task.created".equals(f.getString("eventType")), 10);
            assertEquals("org", event.getString("channel"), event.encode());
        }
    }

    @Test
    void aClientAskingForTheSubprotocolGetsIt() {
        Account admin = server.register("Subprotocol");
        try (WsClient ws = WsClient.connect(clients, server.port, admin.accessToken(),
                List.of(HttpServerVerticle.WEBSOCKET_SUBPROTOCOL))) {
            assertEquals(HttpServerVerticle.WEBSOCKET_SUBPROTOCOL, ws.socket().subProtocol());
            assertEquals(admin.userId(), ws.await("welcome").getString("userId"));
        }
    }

    /** A WebSocket upgrade request written by hand, so the answer is read as sent, whatever its status. */
    private static String rawUpgrade(String authorization) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(5_000);
            String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Authorization: " + authorization + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                if (n < 0) {
                    break;
                }
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.UTF_8);
                int headersEnd = text.indexOf("\r\n\r\n");
                if (headersEnd >= 0 && (text.startsWith("HTTP/1.1 101") || complete(text, headersEnd))) {
                    return text;
                }
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }

    private static boolean complete(String text, int headersEnd) {
        for (String line : text.substring(0, headersEnd).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                return text.getBytes(StandardCharsets.UTF_8).length - (headersEnd + 4) >= length;
            }
        }
        return false;
    }
}
