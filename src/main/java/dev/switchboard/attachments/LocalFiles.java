package dev.switchboard.attachments;

import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Attachment files on local disk, through Vert.x's asynchronous file system, at {@code <dir>/<tenant>/<attachment>}:
 * both made by the server, so nothing a client sends ever becomes part of a path.
 */
final class LocalFiles implements FileStore {

    private final FileSystem fs;
    private final Path dir;
    private final IncomingFiles incoming;

    LocalFiles(FileSystem fs, Path dir, IncomingFiles incoming) {
        this.fs = fs;
        this.dir = dir.toAbsolutePath().normalize();
        this.incoming = incoming;
    }

    /** Moves a received file to its place as attachment {@code id}. */
    @Override
    public Future<Void> keep(IncomingFiles.Received received, UUID tenantId, UUID id) {
        return fs.mkdirs(dir.resolve(tenantId.toString()).toString()).compose(v -> fs.move(received.tempPath(), path(tenantId, id)));
    }

    @Override
    public Future<Void> remove(UUID tenantId, UUID id) {
        return incoming.discard(path(tenantId, id));
    }

    @Override
    public Download download(UUID tenantId, Attachment attachment) {
        return new Download(path(tenantId, attachment.id()), null);
    }

    private String path(UUID tenantId, UUID id) {
        return dir.resolve(tenantId.toString()).resolve(id.toString()).toString();
    }
}
