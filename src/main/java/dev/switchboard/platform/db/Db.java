package dev.switchboard.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionRollbackException;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;

/**
 * The one shared pool, and the only way request code opens a transaction: with the tenant bound,
 * so row-level security applies to every statement inside.
 */
public final class Db {

    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
    private static final String BEGIN = "BEGIN";
    private static final String COMMIT = "COMMIT";

    private final Pool pool;

    public Db(Pool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} in a transaction scoped to {@code tenantId}. {@code BEGIN}, the tenant setting and
     * the work's first statement go out together (the connection pipelines them), so a one-statement
     * request costs two round trips: that batch, then {@code COMMIT}. Database failures come back
     * translated by {@link SqlErrors}. The request's {@link CommitMark}, if it has one not yet committed, goes out with
     * the {@code COMMIT}.
     */
    public <T> Future<T> inTenant(UUID tenantId, Function<SqlConnection, Future<T>> work) {
        return pool.getConnection().compose(conn -> {
            Future<Transaction> begun = conn.begin();
            Transaction tx = conn.transaction();
            Future<?> bound = conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString()));
            Future<T> result = apply(work, conn);
            return begun.compose(started -> bound).compose(ignored -> result)
                    .compose(value -> commit(conn, tx, tenantId).map(value), err -> err instanceof TransactionRollbackException
                            ? Future.failedFuture(err)
                            : tx.rollback().transform(ignored -> Future.<T>failedFuture(err)))
                    .onComplete(ignored -> conn.close());
        }).recover(SqlErrors::translate);
    }

    /**
     * Like {@link #inTenant} for reads whose statements are all issued before {@code work} returns (none
     * waits for another's result): {@code BEGIN}, the tenant, the statements and {@code COMMIT} leave in one
     * write and come back in one round trip. A statement issued later would run after the commit with no
     * tenant bound, so row-level security would show it nothing: misuse fails closed.
     */
    public <T> Future<T> readInTenant(UUID tenantId, Function<SqlConnection, Future<T>> work) {
        return pool.withConnection(conn -> {
            Future<?> begun = conn.query(BEGIN).execute();
            Future<?> bound = conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString()));
            Future<T> result = apply(work, conn);
            // After a failed statement PostgreSQL answers this COMMIT with a rollback; either way the
            // connection goes back to the pool outside any transaction.
            Future<?> ended = conn.query(COMMIT).execute();
            return begun.compose(v -> bound).compose(v -> result).compose(value -> ended.map(value));
        }).recover(SqlErrors::translate);
    }

    /**
     * Commits, first sending the request's {@link CommitMark} when it has one still to send: the mark and
     * {@code COMMIT} leave together, so it costs no round trip. A failed mark fails the transaction.
     */
    private static Future<Void> commit(SqlConnection conn, Transaction tx, UUID tenantId) {
        CommitMark mark = CommitMark.pending(tenantId);
        if (mark == null) {
            return tx.commit();
        }
        Future<?> marked = mark.send(conn);
        Future<Void> committed = tx.commit();
        return marked.transform(m -> committed.transform(c -> m.failed() ? Future.<Void>failedFuture(m.cause()) : committed))
                .onFailure(err -> mark.unsent());
    }

    private static <T> Future<T> apply(Function<SqlConnection, Future<T>> work, SqlConnection conn) {
        try {
            return work.apply(conn);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The pool itself, for single cross-tenant statements that need no transaction. */
    public Pool pool() {
        return pool;
    }

    /**
     * Runs {@code work} in a transaction with no tenant: only the cross-tenant functions and global tables are
     * visible. {@code BEGIN} and the work's first statement go out together, like {@link #inTenant}.
     */
    public <T> Future<T> withoutTenant(Function<SqlConnection, Future<T>> work) {
        return pool.getConnection().compose(conn -> {
            Future<Transaction> begun = conn.begin();
            Transaction tx = conn.transaction();
            Future<T> result = apply(work, conn);
            return begun.compose(started -> result)
                    .compose(value -> tx.commit().map(value), err -> err instanceof TransactionRollbackException
                            ? Future.failedFuture(err)
                            : tx.rollback().transform(ignored -> Future.<T>failedFuture(err)))
                    .onComplete(ignored -> conn.close());
        }).recover(SqlErrors::translate);
    }
}
