package dev.switchboard.platform.http;

import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams a body (an upload, or a download from another service) into a new file of one directory through Vert.x's
 * asynchronous file system, so the body is never held in memory: the stream is paused whenever the disk falls behind,
 * and refused with 413 as soon as it passes the size limit. File names are chosen by the caller from server-made ids;
 * only their last path element is used, so nothing a client sends can lead out of the directory.
 */
public final class BodySpool {

    private static final Logger log = LoggerFactory.getLogger(BodySpool.class);
    /** How long the rest of a refused upload is read before its connection is closed. */
    private static final Duration LINGER = Duration.ofSeconds(10);

    private final FileSystem fs;
    private final Path dir;
    private final long maxBytes;

    /** A body written whole to {@code path}: {@code size} bytes, at least one. */
    public record Spooled(String path, long size) {
    }

    public BodySpool(FileSystem fs, Path dir, long maxBytes) {
        this.fs = fs;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The path of the file {@code name} in this spool's directory. */
    public Path path(String name) {
        return dir.resolve(Path.of(name).getFileName());
    }

    /** 413, closing the connection: the rest of an oversized body is not worth reading. */
    public ApiException tooLarge() {
        return new ApiException(413, "payload-too-large", "Payload too large", "the file is larger than " + maxBytes + " bytes",
                List.of(), Map.of("Connection", "close"));
    }

    /**
     * 413 at once when the request announces a body larger than the limit ({@code Content-Length}). The client may be
     * sending that body still: it is read and dropped, so the client reads the 413 rather than a reset, and the
     * connection closes when the body ends, or after {@link #LINGER} if it goes on; left paused, the upload would hold
     * the connection, and the client waiting to finish it, until the idle timeout.
     */
    public void refuseAnnouncedOverLimit(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null && !length.isEmpty() && length.length() < 19 && length.chars().allMatch(Character::isDigit)
                && Long.parseLong(length) > maxBytes) {
            Vertx vertx = Vertx.currentContext().owner();
            long linger = vertx.setTimer(LINGER.toMillis(), id -> end(request));
            request.handler(dropped -> { });
            request.endHandler(ended -> {
                vertx.cancelTimer(linger);
                end(request);
            });
            request.resume();
            throw tooLarge();
        }
    }

    /** Ends a refused upload: its stream on a shared HTTP/2 connection, its connection otherwise. */
    private static void end(HttpServerRequest request) {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else {
            request.connection().close();
        }
    }

    /**
     * Streams the paused {@code body} into the new file {@code name}, handing every chunk to {@code observer} (may be
     * null) before it is written. Fails with 413 past the limit and with 400 for an empty body; either way, and on any
     * other failure, the file is removed.
     */
    public Future<Spooled> receive(ReadStream<Buffer> body, String name, Consumer<Buffer> observer) {
        if (body instanceof HttpServerRequest request && request.isEnded()) {
            // nothing came, or nothing is left to read
            return Future.failedFuture(empty());
        }
        String path = path(name).toString();
        return fs.mkdirs(dir.toString())
                .compose(v -> fs.open(path, new OpenOptions().setCreateNew(true).setWrite(true)))
                .compose(file -> stream(body, file, observer).map(size -> new Spooled(path, size))
                        .recover(err -> closeQuietly(file).transform(closed -> delete(path)).transform(deleted -> Future.failedFuture(err))));
    }

    /** Removes a file if it is there; a failure is logged, never passed on. */
    public Future<Void> delete(String path) {
        return fs.delete(path).recover(err -> fs.exists(path).compose(exists -> {
            if (exists) {
                log.warn("file not removed [file: {}]", Path.of(path).getFileName(), err);
            }
            return Future.<Void>succeededFuture();
        })).otherwiseEmpty();
    }

    private Future<Long> stream(ReadStream<Buffer> body, AsyncFile file, Consumer<Buffer> observer) {
        Promise<Long> done = Promise.promise();
        long[] size = {0};
        body.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            size[0] += chunk.length();
            if (size[0] > maxBytes) {
                done.tryFail(tooLarge());
                // the rest is read and dropped, so the connection is not left paused until the 413 closes it
                body.resume();
                return;
            }
            if (observer != null) {
                observer.accept(chunk);
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                body.pause();
                file.drainHandler(v -> body.resume());
            }
        });
        body.exceptionHandler(done::tryFail);
        file.exceptionHandler(done::tryFail);
        body.endHandler(v -> {
            if (done.future().isComplete()) {
                return; // refused already: the file is closed and removed
            }
            file.end().onComplete(ended -> {
                if (ended.failed()) {
                    done.tryFail(ended.cause());
                } else if (size[0] == 0) {
                    done.tryFail(empty());
                } else {
                    done.tryComplete(size[0]);
                }
            });
        });
        body.resume();
        return done.future();
    }

    private static ApiException empty() {
        return ApiException.invalid("body", "the file is empty");
    }

    /** Closes a file that may be closed already (a stream that ended); never fails. */
    public static Future<Void> closeQuietly(AsyncFile file) {
        try {
            return file.close().otherwiseEmpty();
        } catch (IllegalStateException closedAlready) {
            return Future.succeededFuture();
        }
    }
}
