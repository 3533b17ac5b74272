package dev.switchboard.attachments;

import dev.switchboard.audit.Changes;
import dev.switchboard.platform.config.AttachmentsConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Vertx;

/** The attachments feature, wired: files on local disk, their rows, and the API. */
public final class Attachments {

    private final AttachmentEndpoint endpoint;

    /** @param messages who reads a message (messages are not a registered record type) */
    public Attachments(Vertx vertx, Db db, Changes changes, Records records, RecordAccess messages, ApiRoutes routes,
                       AttachmentsConfig config) {
        LocalFiles files = new LocalFiles(vertx.fileSystem(), config.dir(), config.maxBytes());
        this.endpoint = new AttachmentEndpoint(new AttachmentService(db, changes, records, messages, files), files, routes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }
}
