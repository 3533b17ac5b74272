package dev.switchboard.imports;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Uploaded CSV files, spooled to a temporary file as they arrive (the body paused whenever the disk falls behind), so
 * a file is never held in memory. Paths are made here from random ids; nothing a client sends becomes part of one.
 */
final class ImportSpool {

    private final FileSystem fs;
    private final Path dir;
    private final long maxBytes;

    ImportSpool(FileSystem fs, Path dir, long maxBytes) {
        this.fs = fs;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** 413 for a body announced or found larger than the limit. */
    ApiException tooLarge() {
        return new ApiException(413, "payload-too-large", "Payload too large", "the file is larger than " + maxBytes + " bytes",
                List.of(), Map.of("Connection", "close"));
    }

    /** Streams the (paused) body into a new file; completes with its name. 413 past the limit, 400 when empty. */
    Future<String> receive(HttpServerRequest request) {
        if (request.isEnded()) {
            return Future.failedFuture(ApiException.invalid("body", "the file is empty"));
        }
        String name = Ids.next() + ".csv";
        return fs.mkdirs(dir.toString())
                .compose(v -> fs.open(path(name).toString(), new OpenOptions().setCreateNew(true).setWrite(true)))
                .compose(file -> stream(request, file).map(name)
                        .recover(err -> closeQuietly(file).compose(v -> remove(name)).compose(v -> Future.failedFuture(err))));
    }

    /** The path of the spooled file {@code name} (a name this class made). */
    Path path(String name) {
        return dir.resolve(Path.of(name).getFileName());
    }

    /** Removes a spooled file; a failure to do so is not passed on. */
    Future<Void> remove(String name) {
        return fs.delete(path(name).toString()).otherwiseEmpty();
    }

    /** Closes a file that may be closed already (a stream that ended). */
    private static Future<Void> closeQuietly(AsyncFile file) {
        try {
            return file.close().otherwiseEmpty();
        } catch (IllegalStateException closedAlready) {
            return Future.succeededFuture();
        }
    }

    private Future<Void> stream(HttpServerRequest request, AsyncFile file) {
        Promise<Void> done = Promise.promise();
        long[] size = {0};
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            size[0] += chunk.length();
            if (size[0] > maxBytes) {
                done.tryFail(tooLarge());
                return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(done::tryFail);
        file.exceptionHandler(done::tryFail);
        request.endHandler(v -> file.end().onComplete(ended -> {
            if (ended.failed()) {
                done.tryFail(ended.cause());
            } else if (size[0] == 0) {
                done.tryFail(ApiException.invalid("body", "the file is empty"));
            } else {
                done.tryComplete();
            }
        }));
        request.resume();
        return done.future();
    }
}
