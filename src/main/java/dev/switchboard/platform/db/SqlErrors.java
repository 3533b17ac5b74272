package dev.switchboard.platform.db;

import dev.switchboard.platform.error.StoreException;
import dev.switchboard.platform.error.StoreException.Kind;
import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/**
 * Translates PostgreSQL SQLSTATEs into {@link StoreException}s; everything else passes through. Also tells a
 * database that is unreachable or going away (a restart, a failover) from a failing statement.
 */
public final class SqlErrors {

    private static final String NOT_ACTIVE = "Connection is not active now";

    private SqlErrors() {
    }

    public static <T> Future<T> translate(Throwable failure) {
        return Future.failedFuture(toStoreException(failure));
    }

    /**
     * True when {@code failure} (or a cause of it) means the database cannot be used right now: the connection was
     * refused, reset or closed, the server is shutting down or starting up (SQLSTATE class 57P, e.g. 57P01 admin
     * shutdown, 57P02 crash shutdown, 57P03 cannot connect now), a connection exception (class 08), or it has no
     * connection slot left (53300). Such a request may succeed when retried later.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("57P") || state.startsWith("08") || state.equals("53300")) {
                    return true;
                }
            }
            if (t instanceof ClosedConnectionException || t instanceof SocketException
                    || t instanceof ClosedChannelException || t instanceof UnknownHostException
                    // a statement sent on a connection the server closed a moment ago; the client has no type for it
                    || t instanceof VertxException && t.getMessage() != null && t.getMessage().startsWith(NOT_ACTIVE)
                    // Netty reports a write to a socket the server dropped as a plain IOException
                    || t instanceof IOException && t.getMessage() != null
                            && (t.getMessage().contains("Broken pipe") || t.getMessage().contains("Connection reset"))) {
                return true;
            }
        }
        return false;
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
