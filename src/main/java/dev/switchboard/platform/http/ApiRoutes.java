package dev.switchboard.platform.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Declares authenticated API routes with the handlers every one of them needs: authentication first, then the
 * request budget, and on POST the {@code Idempotency-Key} handling. Endpoints list their routes through this.
 */
public final class ApiRoutes {

    private final Handler<RoutingContext> authenticate;
    private final Handler<RoutingContext> budget;
    private final Handler<RoutingContext> idempotency;

    /** Routes without a request budget. */
    public ApiRoutes(Handler<RoutingContext> authenticate, Handler<RoutingContext> idempotency) {
        this(authenticate, RoutingContext::next, idempotency);
    }

    public ApiRoutes(Handler<RoutingContext> authenticate, Handler<RoutingContext> budget, Handler<RoutingContext> idempotency) {
        this.authenticate = authenticate;
        this.budget = budget;
        this.idempotency = idempotency;
    }

    public void get(Router router, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(authenticate).handler(budget).handler(handler);
    }

    public void post(Router router, String path, Handler<RoutingContext> handler) {
        router.post(path).handler(authenticate).handler(budget).handler(idempotency).handler(handler);
    }

    public void put(Router router, String path, Handler<RoutingContext> handler) {
        router.put(path).handler(authenticate).handler(budget).handler(handler);
    }

    public void patch(Router router, String path, Handler<RoutingContext> handler) {
        router.patch(path).handler(authenticate).handler(budget).handler(handler);
    }

    public void delete(Router router, String path, Handler<RoutingContext> handler) {
        router.delete(path).handler(authenticate).handler(budget).handler(handler);
    }
}
