package dev.switchboard.platform.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionRollbackException;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one shared pool, and the only way request code opens a transaction: with the tenant bound,
 * so row-level security applies to every statement inside.
 */
public final class Db {

    private static final Logger log = LoggerFactory.getLogger(Db.class);

    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', $1, true)";
    private static final String BEGIN = "BEGIN";
    private static final String COMMIT = "COMMIT";
    private static final String ROLLBACK = "ROLLBACK";
    /** What each open {@link #inTenantCommitting} transaction does once it committed, by its connection. */
    private static final Map<SqlConnection, List<Runnable>> AFTER_PIPELINED_COMMIT = new ConcurrentHashMap<>();

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
                    .compose(value -> commit(conn, marks(tenantId), tx::commit).map(value), err -> err instanceof TransactionRollbackException
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
            Future<?> begun = begin(conn, tenantId);
            Future<T> result = apply(work, conn);
            // After a failed statement PostgreSQL answers this COMMIT with a rollback; either way the
            // connection goes back to the pool outside any transaction.
            Future<?> ended = conn.query(COMMIT).execute();
            return begun.compose(v -> result).compose(value -> ended.map(value));
        }).recover(SqlErrors::translate);
    }

    /**
     * Like {@link #inTenant} for a write that decides everything before its last statements: {@code work} learns what
     * it must (its reads come back in the first round trip, with {@code BEGIN} and the tenant), then sends its last
     * statements without waiting for them and completes with their result, still to come. {@code COMMIT} (with the
     * request's {@link CommitMark}) leaves right behind them, so those statements and the commit cost one round trip,
     * and a write that needs no read costs one in all. When one of them fails, PostgreSQL answers the {@code COMMIT}
     * with a rollback and the result fails with that statement's error; a failure of {@code work} before it sent
     * them rolls back. Whatever {@link #afterCommit} registers on the connection runs once the commit succeeded.
     */
    public <T> Future<T> inTenantCommitting(UUID tenantId, Function<SqlConnection, Future<Future<T>>> work) {
        List<CommitMark> marks = marks(tenantId);
        return inTenantCommitting(tenantId, () -> marks, work);
    }

    /**
     * Like {@link #inTenantCommitting(UUID, Function)} for work that serves several requests at once (a group commit):
     * {@code marks} gives, once the work has decided, the {@link CommitMark}s of the requests whose writes it sends
     * (each taken with {@link CommitMark#pending} on its request's context); they go out with the {@code COMMIT}.
     */
    public <T> Future<T> inTenantCommitting(UUID tenantId, Supplier<List<CommitMark>> marks,
                                            Function<SqlConnection, Future<Future<T>>> work) {
        return pool.getConnection().compose(conn -> {
            List<Runnable> afterCommit = new ArrayList<>(2);
            AFTER_PIPELINED_COMMIT.put(conn, afterCommit);
            Future<?> begun = begin(conn, tenantId);
            Future<Future<T>> decided = apply(work, conn);
            return begun.compose(v -> decided)
                    .compose(last -> {
                        // sent now, right behind the last statements; a failed one makes this COMMIT a rollback
                        Future<Void> committed = commit(conn, marks.get(), () -> conn.query(COMMIT).execute());
                        // the outcome waits for the COMMIT's answer even when a statement failed, so that the
                        // transaction is over (its marks due again) before anyone acts on the failure
                        return last.transform(done -> committed.transform(c -> done.failed() ? Future.<T>failedFuture(done.cause())
                                : c.failed() ? Future.<T>failedFuture(c.cause()) : Future.succeededFuture(done.result())));
                    }, err -> conn.query(ROLLBACK).execute().transform(ignored -> Future.<T>failedFuture(err)))
                    .onSuccess(value -> afterCommit.forEach(Db::runSafely))
                    .onComplete(ignored -> {
                        AFTER_PIPELINED_COMMIT.remove(conn);
                        conn.close();
                    });
        }).recover(SqlErrors::translate);
    }

    /**
     * Runs {@code action} once the transaction open on {@code conn} has committed, and never if it rolls back; for
     * effects outside the database, such as waking the worker that reads what the transaction wrote. Outside a
     * transaction it does nothing.
     */
    public static void afterCommit(SqlConnection conn, Runnable action) {
        Transaction tx = conn.transaction();
        if (tx != null) {
            tx.completion().onSuccess(v -> runSafely(action));
            return;
        }
        List<Runnable> pending = AFTER_PIPELINED_COMMIT.get(conn);
        if (pending != null) {
            pending.add(action);
        }
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("an after-commit action failed", e);
        }
    }

    /** {@code BEGIN} and the tenant setting, sent without waiting; completes once both are done. */
    private static Future<?> begin(SqlConnection conn, UUID tenantId) {
        Future<?> begun = conn.query(BEGIN).execute();
        Future<?> bound = conn.preparedQuery(SET_TENANT).execute(Tuple.of(tenantId.toString()));
        return begun.compose(v -> bound);
    }

    /** The current request's {@link CommitMark} for a {@code tenantId} transaction: none or one. */
    private static List<CommitMark> marks(UUID tenantId) {
        CommitMark mark = CommitMark.pending(tenantId);
        return mark == null ? List.of() : List.of(mark);
    }

    /**
     * Sends {@code end} (the commit), first sending the {@code marks} still to send: they and {@code COMMIT} leave
     * together, so they cost no round trip. A failed mark fails the transaction, and a transaction that did not commit
     * leaves each mark for its request's next one.
     */
    private static Future<Void> commit(SqlConnection conn, List<CommitMark> marks, Supplier<Future<?>> end) {
        List<CommitMark> sending = marks.stream().filter(CommitMark::due).toList();
        List<Future<?>> marked = new ArrayList<>(sending.size());
        sending.forEach(mark -> marked.add(mark.send(conn)));
        Future<?> committed = end.get();
        if (marked.isEmpty()) {
            return committed.mapEmpty();
        }
        return Future.join(marked).transform(m -> committed.transform(c -> m.failed() ? Future.<Void>failedFuture(m.cause()) : committed.<Void>mapEmpty()))
                .onFailure(err -> sending.forEach(CommitMark::unsent));
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
