package dev.switchboard.attachments;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachment files on local disk, through Vert.x's asynchronous file system. Every path is made here from two
 * UUIDs ({@code <dir>/<tenant>/<attachment>}, uploads in progress in {@code <dir>/incoming/<random>}): nothing a
 * client sends ever becomes part of a path.
 */
final class LocalFiles {

    private static final Logger log = LoggerFactory.getLogger(LocalFiles.class);
    private static final String INCOMING = "incoming";

    private final FileSystem fs;
    private final Path dir;
    private final long maxBytes;

    /** A finished upload in its temporary file: its size, SHA-256 (hex) and sniffed content type. */
    record Received(String tempPath, long size, String sha256, String contentType) {
    }

    LocalFiles(FileSystem fs, Path dir, long maxBytes) {
        this.fs = fs;
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The stored file of attachment {@code id}. */
    String path(UUID tenantId, UUID id) {
        return dir.resolve(tenantId.toString()).resolve(id.toString()).toString();
    }

    /**
     * Streams a (paused) body, an upload's or a download's, into a temporary file, hashing and sniffing it on the way,
     * with the body paused whenever the disk falls behind. Fails with 413 as soon as the body passes the size limit
     * (the temporary file is removed) and with 400 for an empty body.
     */
    Future<Received> receive(ReadStream<Buffer> request) {
        if (request instanceof HttpServerRequest upload && upload.isEnded()) {
            // nothing came, or nothing is left to read
            return Future.failedFuture(ApiException.invalid("body", "the file is empty"));
        }
        String temp = dir.resolve(INCOMING).resolve(Ids.next().toString()).toString();
        return fs.mkdirs(dir.resolve(INCOMING).toString())
                .compose(v -> fs.open(temp, new OpenOptions().setCreateNew(true).setWrite(true)))
                .compose(file -> stream(request, file, temp)
                        .recover(err -> closeQuietly(file).transform(closed -> remove(temp)).transform(removed -> Future.failedFuture(err))));
    }

    private Future<Received> stream(ReadStream<Buffer> request, AsyncFile file, String temp) {
        Promise<Received> done = Promise.promise();
        MessageDigest sha = sha256();
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
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
            byte[] bytes = chunk.getBytes();
            sha.update(bytes);
            int headFilled = (int) Math.min(size[0] - bytes.length, head.length);
            System.arraycopy(bytes, 0, head, headFilled, Math.min(bytes.length, head.length - headFilled));
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
                done.tryComplete(new Received(temp, size[0], HexFormat.of().formatHex(sha.digest()),
                        ContentSniffer.sniff(head, (int) Math.min(size[0], head.length))));
            }
        }));
        request.resume();
        return done.future();
    }

    /** Moves a received file to its place as attachment {@code id}. */
    Future<Void> keep(Received received, UUID tenantId, UUID id) {
        String target = path(tenantId, id);
        return fs.mkdirs(dir.resolve(tenantId.toString()).toString()).compose(v -> fs.move(received.tempPath(), target));
    }

    /** Removes a file if it is there; a failure is logged, never passed on (the row is what counts). */
    Future<Void> remove(String path) {
        return fs.delete(path).recover(err -> fs.exists(path).compose(exists -> {
            if (exists) {
                log.warn("attachment file not removed [file: {}]", Path.of(path).getFileName(), err);
            }
            return Future.<Void>succeededFuture();
        })).otherwiseEmpty();
    }

    /** Closes a file that may be closed already (a finished stream). */
    private static Future<Void> closeQuietly(AsyncFile file) {
        try {
            return file.close();
        } catch (IllegalStateException closedAlready) {
            return Future.succeededFuture();
        }
    }

    private ApiException tooLarge() {
        return new ApiException(413, "payload-too-large", "Payload too large",
                "the file is larger than " + maxBytes + " bytes", List.of(), Map.of("Connection", "close"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
