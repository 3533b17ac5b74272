package dev.switchboard.platform.http;

import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Walks a keyset-paged list from the start, one page at a time, handing each to a sink before reading the next. */
public final class KeysetPages {

    private KeysetPages() {
    }

    /**
     * Reads pages of {@code size} with {@code read} (given the page, oldest first) and passes each to {@code sink} until a
     * short page; {@code id} is the key each item is ordered by.
     */
    public static <T> Future<Void> walk(int size, Function<Pages, Future<List<T>>> read, Function<T, UUID> id,
                                        Function<List<T>, Future<Void>> sink) {
        return next(size, null, read, id, sink);
    }

    private static <T> Future<Void> next(int size, UUID after, Function<Pages, Future<List<T>>> read, Function<T, UUID> id,
                                         Function<List<T>, Future<Void>> sink) {
        return read.apply(new Pages(size, after, false)).compose(batch -> batch.isEmpty() ? Future.succeededFuture()
                : sink.apply(batch).compose(v -> batch.size() < size ? Future.succeededFuture()
                        : next(size, id.apply(batch.get(batch.size() - 1)), read, id, sink)));
    }
}
