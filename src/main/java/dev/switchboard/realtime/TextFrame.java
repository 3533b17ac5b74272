package dev.switchboard.realtime;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A text frame encoded to UTF-8 once: every connection it goes to writes the same bytes (wrapped, not copied),
 * instead of encoding the string again per connection.
 */
final class TextFrame {

    /** The largest payload written as one frame; Vert.x's default maximum frame size. Larger ones are split. */
    static final int MAX_SINGLE_FRAME = 65_536;

    private final byte[] utf8;

    private TextFrame(byte[] utf8) {
        this.utf8 = utf8;
    }

    static TextFrame of(JsonObject frame) {
        return new TextFrame(frame.toBuffer().getBytes());
    }

    static TextFrame of(String text) {
        return new TextFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the frame to {@code ws}; never changes the shared bytes. */
    Future<Void> writeTo(ServerWebSocket ws) {
        if (utf8.length > MAX_SINGLE_FRAME) {
            return ws.writeTextMessage(new String(utf8, StandardCharsets.UTF_8)); // split into continuation frames
        }
        return ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true));
    }

    /** The frame for a Netty pipeline, wrapping the shared bytes. */
    TextWebSocketFrame toNetty() {
        return new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(utf8));
    }

    int length() {
        return utf8.length;
    }
}
