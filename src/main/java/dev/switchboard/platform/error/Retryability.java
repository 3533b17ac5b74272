package dev.switchboard.platform.error;

import io.vertx.pgclient.PgException;

/**
 * A failure that says whether trying the same work again can help. One that cannot (missing configuration, input
 * that is never valid) is given up at once instead of being retried with backoff, which only delays what follows it.
 */
public interface Retryability {

    /** Whether the same work, tried again later, may succeed. */
    boolean retryable();

    /**
     * True when {@code failure}, or a cause of it, says no retry can help: a {@link Retryability} that is not retryable,
     * or a PostgreSQL data exception (SQLSTATE class 22: a value the database can never store, such as a NUL in text),
     * which the same data meets again on every try.
     */
    static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Retryability r) {
                return !r.retryable();
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }
}
