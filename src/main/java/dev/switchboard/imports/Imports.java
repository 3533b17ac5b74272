package dev.switchboard.imports;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The CSV import feature, wired: uploads spooled under {@code dir}, one job kind per record type, and the API. */
public final class Imports {

    private final ImportEndpoint endpoint;

    public Imports(Vertx vertx, Db db, Changes changes, JobQueue queue, JobHandlers handlers, ApiRoutes routes,
                   List<ImportTarget<?>> targets, Path dir, long maxBytes) {
        ImportSpool spool = new ImportSpool(vertx.fileSystem(), dir, maxBytes);
        Map<String, ImportTarget<?>> bySegment = new HashMap<>();
        targets.forEach(t -> bySegment.put(t.segment(), t));
        ImportJob job = new ImportJob(vertx, db, changes, bySegment, spool);
        bySegment.keySet().forEach(segment -> handlers.register(ImportJob.KIND_PREFIX + segment, job));
        this.endpoint = new ImportEndpoint(bySegment.keySet(), new ImportService(db, queue), spool, routes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }
}
