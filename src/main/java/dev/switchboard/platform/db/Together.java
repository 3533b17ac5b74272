package dev.switchboard.platform.db;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.function.Function;

/**
 * Starts one piece of work per item at once on the request's connection, which pipelines their statements, rather
 * than waiting for each before sending the next: a thousand records cost a few round trips' worth of waiting, not a
 * thousand. The pieces are independent; the first failure fails the whole (and the transaction rolls back).
 */
public final class Together {

    private Together() {
    }

    public static <T> Future<Void> each(Collection<T> items, Function<T, Future<?>> work) {
        return Future.all(items.stream().map(work).toList()).mapEmpty();
    }
}
