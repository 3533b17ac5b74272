package dev.switchboard.platform.http;

import dev.switchboard.platform.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the public HTTP port: platform handlers first, then every endpoint's routes, then the one
 * problem+json failure handler. Deployed once per event loop; all instances share the port.
 */
public final class HttpServerVerticle extends VerticleBase {

    /** The WebSocket subprotocol the server agrees to when a client asks for it: the realtime frame protocol. */
    public static final String WEBSOCKET_SUBPROTOCOL = "switchboard.v1";

    /**
     * Routing-context key of a WebSocket upgrade's request as the HTTP server received it. Vert.x Web gives handlers
     * a wrapper of the request whose upgraded socket hides its channel; upgrading the server's own request instead
     * gives the socket whose frames realtime writes without a flush each.
     */
    public static final String UPGRADE_REQUEST = "switchboard.upgradeRequest";

    private static final Logger log = LoggerFactory.getLogger(HttpServerVerticle.class);

    private final HttpConfig config;
    private final List<Endpoint> endpoints;
    private final InputBoundary boundary;
    private HttpServer server;
    /** A WebSocket upgrade the router is being handed, while its first handler runs (within the same call, on this loop). */
    private HttpServerRequest arriving;

    /** @param boundary the checks every {@code /api/v1} request passes before its handler runs */
    public HttpServerVerticle(HttpConfig config, List<Endpoint> endpoints, InputBoundary boundary) {
        this.config = config;
        this.endpoints = List.copyOf(endpoints);
        this.boundary = boundary;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {
            HttpServerRequest upgrade = arriving;
            if (upgrade != null && upgrade.connection() == ctx.request().connection()) {
                ctx.put(UPGRADE_REQUEST, upgrade);
            }
            ctx.next();
        });
        router.route().handler(new PlatformHandler(config.trustForwardedFor()));
        router.route().handler(new RequestTimeout(config.requestTimeout()));
        if (!config.corsOrigins().isEmpty()) {
            router.route().handler(CorsHandler.create()
                    .addOrigins(config.corsOrigins())
                    .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
                    .allowedHeaders(Set.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key",
                            Requests.REQUEST_ID_HEADER, "X-Requested-With"))
                    .exposedHeaders(Set.of(Requests.REQUEST_ID_HEADER, "Retry-After", "ETag", "Location"))
                    .allowCredentials(true)
                    .maxAgeSeconds(600));
        }
        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
        List<Endpoint> streaming = endpoints.stream().filter(HttpServerVerticle::mayStreamBody).toList();
        // A WebSocket upgrade is never read as a body (even one announcing "Content-Length: 0"): a request read to
        // its end can no longer be upgraded.
        router.route().handler(ctx -> {
            if (Requests.isWebSocketUpgrade(ctx.request())) {
                ctx.next();
            } else if (streaming.stream().anyMatch(endpoint -> endpoint.streamsBody(ctx))) {
                // the body is the file itself, whatever type the client calls it; read by its handler once
                // authenticated, held back until then
                InputBoundary.refuseMultipart(ctx);
                if (!ctx.failed()) {
                    ctx.request().pause();
                    ctx.next();
                }
            } else {
                InputBoundary.refuseForms(ctx);
                if (!ctx.failed()) {
                    bodies.handle(ctx);
                }
            }
        });
        // mounted without a path, so the matched route alone names a request in the latency metrics
        router.route().handler(boundary);
        endpoints.forEach(endpoint -> endpoint.addRoutes(router));
        // HEAD is GET without the body (RFC 9110, 9.3.2): every GET route but the WebSocket upgrade answers it, and the
        // server writes the head alone, the same status and headers
        router.getRoutes().stream()
                .filter(route -> route.methods() != null && route.methods().contains(HttpMethod.GET) && !"/ws".equals(route.getPath()))
                .forEach(route -> route.method(HttpMethod.HEAD));
        router.route().failureHandler(Problems::handleFailure);
        router.errorHandler(404, ctx -> Problems.handleStatus(ctx, 404));
        router.errorHandler(405, ctx -> Problems.handleStatus(ctx, 405));

        HttpServerOptions options = new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setCompressionSupported(true)
                .setTcpNoDelay(true)
                .setIdleTimeout(120)
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setWebSocketSubProtocols(List.of(WEBSOCKET_SUBPROTOCOL))
                // Realtime frames are small JSON, and one frame goes to many connections as the same bytes: compressing
                // it would cost a deflate per connection and frame (and a compressor's memory per socket) for little.
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        return vertx.createHttpServer(options)
                .invalidRequestHandler(Problems::handleInvalidRequest)
                .requestHandler(request -> {
                    if (request.path() != null && Requests.hasMalformedEscape(request.path())) {
                        // the router cannot even match it: its path normalisation throws on the escape
                        Problems.refuse(request, 400, "the path has a malformed percent-encoding (a % not followed by two hex digits)");
                        return;
                    }
                    arriving = Requests.isWebSocketUpgrade(request) ? request : null;
                    try {
                        router.handle(request);
                    } finally {
                        arriving = null;
                    }
                })
                .listen()
                .onSuccess(s -> {
                    server = s;
                    log.debug("http server listening [port: {}]", s.actualPort());
                });
    }

    /** Whether {@code endpoint} declares routes that stream their body (it overrides {@link Endpoint#streamsBody}). */
    private static boolean mayStreamBody(Endpoint endpoint) {
        try {
            return endpoint.getClass().getMethod("streamsBody", RoutingContext.class).getDeclaringClass() != Endpoint.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops accepting, then lets in-flight requests finish within the configured grace. */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture()
                : server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    }
}
