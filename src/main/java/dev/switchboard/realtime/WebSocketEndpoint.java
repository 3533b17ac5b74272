package dev.switchboard.realtime;

import dev.switchboard.auth.Authenticator;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.HttpServerVerticle;
import dev.switchboard.platform.http.Problems;
import dev.switchboard.platform.http.RequestMeta;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws} on the public HTTP port: upgrades the request and hands the socket to its session. A bearer token on
 * the upgrade is checked first, so a bad one is answered 401 like any API request instead of being upgraded.
 * A client may negotiate the {@value HttpServerVerticle#WEBSOCKET_SUBPROTOCOL} subprotocol; none is needed.
 */
public final class WebSocketEndpoint implements Endpoint {

    /**
     * Upgrades whose token is being checked at once on this node; more wait their turn, so that a reconnect storm
     * (every client of a restarted node at once) is answered in order instead of overrunning the database pool.
     */
    static final int MAX_CHECKING = 64;
    /** Upgrades that may wait for a check; beyond them the answer is 503 with Retry-After. */
    static final int MAX_WAITING = 50_000;

    private static final Logger log = LoggerFactory.getLogger(WebSocketEndpoint.class);

    private final Sessions sessions;
    private final Authenticator authenticator;
    private final boolean trustForwardedFor;
    private final Object turns = new Object();
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int checking;
    private final AtomicBoolean warnedUnflushed = new AtomicBoolean();

    WebSocketEndpoint(Sessions sessions, Authenticator authenticator, boolean trustForwardedFor) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.trustForwardedFor = trustForwardedFor;
    }

    @Override
    public void addRoutes(Router router) {
        router.get("/ws").handler(this::upgrade);
    }

    @Override
    public String openApiFragment() {
        return "openapi/websocket.json";
    }

    private void upgrade(RoutingContext ctx) {
        if (!Requests.isWebSocketUpgrade(ctx.request())) {
            ctx.fail(ApiException.badRequest("/ws expects a WebSocket upgrade"));
            return;
        }
        String token = Authenticator.bearerToken(ctx.request());
        var meta = Requests.meta(ctx, trustForwardedFor);
        if (token == null) {
            accept(ctx, meta, null, null);
            return;
        }
        // The token is checked before upgrading, so a bad one is refused with 401; the session starts from the checked
        // principal. The request stays paused meanwhile: a request read to its end can no longer be upgraded.
        ctx.request().pause();
        Context context = Vertx.currentContext();
        Runnable check = () -> context.runOnContext(v -> authenticator.authenticate(token, meta).onComplete(checked -> {
            checked();
            if (checked.failed()) {
                ctx.fail(checked.cause());
            } else {
                accept(ctx, meta, token, checked.result());
            }
        }));
        if (!takeTurn(check)) {
            ctx.fail(Problems.unavailable("too many connections are being opened at once; retry shortly"));
        }
    }

    /** Runs {@code check} now when fewer than {@link #MAX_CHECKING} run, else queues it; false when too many wait. */
    private boolean takeTurn(Runnable check) {
        synchronized (turns) {
            if (checking >= MAX_CHECKING) {
                if (waiting.size() >= MAX_WAITING) {
                    return false;
                }
                waiting.add(check);
                return true;
            }
            checking++;
        }
        check.run();
        return true;
    }

    /** A check finished: the next waiting one takes its turn. */
    private void checked() {
        Runnable next;
        synchronized (turns) {
            next = waiting.poll();
            if (next == null) {
                checking--;
            }
        }
        if (next != null) {
            next.run();
        }
    }

    private void accept(RoutingContext ctx, RequestMeta meta, String token, Principal checked) {
        Future<ServerWebSocket> upgraded;
        try {
            HttpServerRequest received = ctx.get(HttpServerVerticle.UPGRADE_REQUEST);
            if (received == null && !warnedUnflushed.getAndSet(true)) {
                log.warn("websocket upgraded without the server's own request: every frame is flushed on its own");
            }
            upgraded = (received != null ? received : ctx.request()).toWebSocket();
        } catch (IllegalStateException e) {
            upgraded = Future.failedFuture(e);
        }
        upgraded.onSuccess(ws -> sessions.open(ws, meta, token, checked))
                .onFailure(err -> ctx.fail(ApiException.badRequest("WebSocket handshake failed: " + err.getMessage())));
    }
}
