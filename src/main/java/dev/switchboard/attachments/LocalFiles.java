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
import java.util.UUID;

/**
 * Attachment files on local disk, through Vert.x's asynchronous file system. Every path is made here from two
 * UUIDs ({@code <dir>/<tenant>/<attachment>}, uploads in progress in {@code <dir>/incoming/<random>}): nothing a
 * client sends ever becomes part of a path.
 */
final class LocalFiles {

    private static final String INCOMING = "incoming";

    private final FileSystem fs;
    private final Path dir;
    private final BodySpool incoming;

    /** A finished upload in its temporary file: its size, SHA-256 (hex) and sniffed content type. */
    record Received(String tempPath, long size, String sha256, String contentType) {
    }

    LocalFiles(FileSystem fs, Path dir, long maxBytes) {
        this.fs = fs;
        this.dir = dir.toAbsolutePath().normalize();
        this.incoming = new BodySpool(fs, this.dir.resolve(INCOMING), maxBytes);
    }

    /** 413 at once for a body announced larger than the limit. */
    void refuseAnnouncedOverLimit(HttpServerRequest request) {
        incoming.refuseAnnouncedOverLimit(request);
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

    /** Moves a received file to its place as attachment {@code id}. */
    Future<Void> keep(Received received, UUID tenantId, UUID id) {
        String target = path(tenantId, id);
        return fs.mkdirs(dir.resolve(tenantId.toString()).toString()).compose(v -> fs.move(received.tempPath(), target));
    }

    /** Removes a file if it is there; a failure is logged, never passed on (the row is what counts). */
    Future<Void> remove(String path) {
        return incoming.delete(path);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
