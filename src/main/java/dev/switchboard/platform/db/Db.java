package dev.switchboard.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one shared pool, and the only way request code opens a transaction: with the tenant bound,
 * so row-level security applies to every statement inside.
 */
public final class Db {

    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";

    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /**
     * Runs {@code work} in a transaction scoped to {@code tenantId}. The tenant setting is pipelined
     * ahead of the work's first statement, so it costs no extra round trip. Database failures come
     * back translated by {@link SqlErrors}.
     */
    public <T> Future<T> inTenant(UUID tenantId, Function<SqlConnection, Future<T>> work) {
        return pool.<T>withTransaction(conn -> {
            Future<?> bound = conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString()));
            Future<T> result = work.apply(conn);
            return bound.compose(ignored -> result);
        }).recover(SqlErrors::translate);
    }

    /** Runs {@code work} in a transaction with no tenant: only the cross-tenant functions and global tables are visible. */
    public <T> Future<T> withoutTenant(Function<SqlConnection, Future<T>> work) {
        return pool.withTransaction(work).recover(SqlErrors::translate);
    }
}
