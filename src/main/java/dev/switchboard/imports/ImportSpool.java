package dev.switchboard.imports;

import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.BodySpool;
import io.vertx.core.Future;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerRequest;
import java.nio.file.Path;

/**
 * Uploaded CSV files, spooled to a temporary file as they arrive, so a file is never held in memory. Their names are
 * made here from random ids; nothing a client sends becomes part of a path.
 */
final class ImportSpool {

    private final BodySpool spool;

    ImportSpool(FileSystem fs, Path dir, long maxBytes) {
        this.spool = new BodySpool(fs, dir, maxBytes);
    }

    /** 413 at once for a body announced larger than the limit. */
    void refuseAnnouncedOverLimit(HttpServerRequest request) {
        spool.refuseAnnouncedOverLimit(request);
    }

    /** Streams the (paused) body into a new file; completes with its name. 413 past the limit, 400 when empty. */
    Future<String> receive(HttpServerRequest request) {
        String name = Ids.next() + ".csv";
        return spool.receive(request, name, null).map(name);
    }

    /** The path of the spooled file {@code name} (a name this class made). */
    Path path(String name) {
        return spool.path(name);
    }

    /** Removes a spooled file; a failure to do so is not passed on. */
    Future<Void> remove(String name) {
        return spool.delete(path(name).toString());
    }
}
