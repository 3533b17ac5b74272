package dev.switchboard.attachments;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.BodySpool;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Uploads and downloaded files on their way in: streamed to a temporary file in {@code <dir>/incoming/<random>}
 * through Vert.x's asynchronous file system, hashed and sniffed on the way, until a {@link FileStore} keeps them.
 * Nothing a client sends ever becomes part of a path.
 */
final class IncomingFiles {

    private static final String INCOMING = "incoming";

    private final BodySpool incoming;

    /** A finished upload in its temporary file: its size, SHA-256 (hex) and sniffed content type. */
    record Received(String tempPath, long size, String sha256, String contentType) {
    }

    IncomingFiles(FileSystem fs, Path dir, long maxBytes) {
        this.incoming = new BodySpool(fs, dir.toAbsolutePath().normalize().resolve(INCOMING), maxBytes);
    }

    /** 413 at once for a body announced larger than the limit. */
    void refuseAnnouncedOverLimit(HttpServerRequest request) {
        incoming.refuseAnnouncedOverLimit(request);
    }

    /**
     * Streams a (paused) body, an upload's or a download's, into a temporary file, hashing and sniffing it on the way,
     * with the body paused whenever the disk falls behind. Fails with 413 as soon as the body passes the size limit
     * (the temporary file is removed) and with 400 for an empty body.
     */
    Future<Received> receive(ReadStream<Buffer> body) {
        MessageDigest sha = sha256();
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
        int[] headFilled = {0};
        return incoming.receive(body, Ids.next().toString(), chunk -> {
            byte[] bytes = chunk.getBytes();
            sha.update(bytes);
            int copied = Math.min(bytes.length, head.length - headFilled[0]);
            System.arraycopy(bytes, 0, head, headFilled[0], copied);
            headFilled[0] += copied;
        }).map(spooled -> new Received(spooled.path(), spooled.size(), HexFormat.of().formatHex(sha.digest()),
                ContentSniffer.sniff(head, headFilled[0])));
    }

    /** Removes a temporary file if it is there; a failure is logged, never passed on. */
    Future<Void> discard(String tempPath) {
        return incoming.delete(tempPath);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
