package dev.switchboard.realtime;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sends one control frame (presence, typing) to many connections: encoded once, one task per event loop. */
final class Broadcast {

    private Broadcast() {
    }

    static void send(Iterable<Connection> recipients, JsonObject frame) {
        send(recipients, TextFrame.of(frame));
    }

    /** Sends a frame already encoded. */
    static void send(Iterable<Connection> recipients, TextFrame text) {
        Map<Context, List<Connection>> byContext = new HashMap<>(4);
        for (Connection c : recipients) {
            byContext.computeIfAbsent(c.context(), k -> new ArrayList<>()).add(c);
        }
        if (byContext.isEmpty()) {
            return;
        }
        byContext.forEach((context, connections) -> context.runOnContext(v -> {
            for (Connection c : connections) {
                c.write(text);
            }
        }));
    }
}
