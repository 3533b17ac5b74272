package dev.switchboard.workflows;

import dev.switchboard.app.Application;
import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** A second server node over a test server's database: its own Vert.x, pool, job worker and sweeper. */
final class SecondNode {

    private SecondNode() {
    }

    static Application start(TestServer first, Clock clock) throws Exception {
        return start(first, clock, Map.of());
    }

    /** With {@code env} added to (or overriding) the node's settings. */
    static Application start(TestServer first, Clock clock, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> settings = new HashMap<>(Map.of(
                "SWITCHBOARD_HTTP_PORT", Integer.toString(port),
                "SWITCHBOARD_HTTP_HOST", "127.0.0.1",
                "SWITCHBOARD_HTTP_INSTANCES", "1",
                "SWITCHBOARD_DB_URL", first.db.toUri(),
                "SWITCHBOARD_DB_POOL_SIZE", "4",
                "SWITCHBOARD_OUTBOX_POLL_INTERVAL", "50ms",
                "SWITCHBOARD_JOBS_POLL_INTERVAL", "50ms",
                "SWITCHBOARD_WORKFLOWS_SWEEP_INTERVAL", "20ms",
                "SWITCHBOARD_OUTBOUND_ALLOW_PRIVATE", "127.0.0.0/8,::1,localhost"));
        settings.putAll(env);
        return Application.start(ConfigLoader.load(Map.of(), settings), clock);
    }
}
