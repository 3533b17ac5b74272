package dev.switchboard.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * Builds the PostgreSQL pools, created in the composition root outside any verticle: {@link #POOL_NAME} for requests
 * and {@link #BACKGROUND_POOL_NAME} for the background work, which must not wait behind a queue of requests.
 */
public final class PoolFactory {

    private static final int PREPARED_STATEMENT_SQL_LIMIT = 16 * 1024;

    public static final String POOL_NAME = "main";
    public static final String BACKGROUND_POOL_NAME = "background";

    private PoolFactory() {
    }

    public static Pool create(Vertx vertx, DatabaseBootstrap.PoolTarget target, int size) {
        return create(vertx, target, size, POOL_NAME);
    }

    public static Pool create(Vertx vertx, DatabaseBootstrap.PoolTarget target, int size, String name) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(target.url().host())
                .setPort(target.url().port())
                .setDatabase(target.url().database())
                .setUser(target.url().user())
                .setCachePreparedStatements(true)
                // statements assembled from parts (search across record types, filtered lists) run past the 2 KiB
                // default; above the limit a statement is parsed and planned again on every execution
                .setPreparedStatementCacheSqlLimit(PREPARED_STATEMENT_SQL_LIMIT)
                .setPipeliningLimit(256)
                .addProperty("application_name", "switchboard")
                // PostgreSQL's notices ("word is too long to be indexed", "query contains only stop words") are about
                // the input, not the server: the client would log each one as a warning, so a client could fill the log
                .addProperty("client_min_messages", "warning");
        if (target.url().password() != null) {
            connect.setPassword(target.url().password());
        }
        if (target.setRole() != null) {
            // Assumed at connection start-up, before the pool hands the connection out.
            connect.addProperty("options", "-c role=" + target.setRole());
        }
        PoolOptions pool = new PoolOptions()
                .setMaxSize(size)
                .setShared(true)
                .setName(name)
                // beyond this many waiting requests the server sheds load (503 + Retry-After) rather than queue for seconds
                .setMaxWaitQueueSize(1_024);
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }
}
