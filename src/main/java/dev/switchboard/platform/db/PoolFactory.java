package dev.switchboard.platform.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the one shared PostgreSQL pool; created in the composition root, outside any verticle. */
public final class PoolFactory {

    public static final String POOL_NAME = "main";

    private PoolFactory() {
    }

    public static Pool create(Vertx vertx, DatabaseBootstrap.PoolTarget target, int size) {
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(target.url().host())
                .setPort(target.url().port())
                .setDatabase(target.url().database())
                .setUser(target.url().user())
                .setCachePreparedStatements(true)
                .setPipeliningLimit(256)
                .addProperty("application_name", "switchboard");
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
                .setName(POOL_NAME)
                // beyond this many waiting requests the server sheds load (503 + Retry-After) rather than queue for seconds
                .setMaxWaitQueueSize(1_024);
        return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
    }
}
