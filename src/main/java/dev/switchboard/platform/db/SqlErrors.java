package dev.switchboard.platform.db;

import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.error.StoreException.Kind;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/** Translates PostgreSQL SQLSTATEs into {@link StoreException}s; everything else passes through. */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static <T> Future<T> translate(Throwable failure) {
        return Future.failedFuture(toStoreException(failure));
    }

    public static Throwable toStoreException(Throwable failure) {
        if (!(failure instanceof PgException pg)) {
            return failure;
        }
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        Kind kind = switch (state) {
            case "23505" -> Kind.DUPLICATE;
            case "23503" -> Kind.MISSING_REFERENCE;
            case "23514", "23502", "22001", "22P02" -> Kind.CHECK_VIOLATION;
            case "40001", "40P01" -> Kind.RETRYABLE;
            default -> Kind.OTHER;
        };
        return kind == Kind.OTHER ? failure : new StoreException(kind, pg.getConstraint(), failure);
    }
}
