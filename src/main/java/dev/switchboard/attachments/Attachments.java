package dev.switchboard.attachments;

import dev.switchboard.audit.Changes;
import dev.switchboard.platform.config.AttachmentsConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.tenancy.RecordAccess;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Vertx;

/** The attachments feature, wired: files on local disk, their rows, the API, and files arriving with provider events. */
public final class Attachments {

    private final AttachmentEndpoint endpoint;
    private final InboundFiles inbound;

    /** @param messages who reads a message (messages are not a registered record type) */
    public Attachments(Vertx vertx, Db db, Changes changes, Records records, RecordAccess messages, ApiRoutes routes,
                       AttachmentsConfig config, OutboundAddresses outbound) {
        LocalFiles files = new LocalFiles(vertx.fileSystem(), config.dir(), config.maxBytes());
        this.endpoint = new AttachmentEndpoint(new AttachmentService(db, changes, records, messages, files), files, routes);
        this.inbound = new InboundFiles(vertx.createHttpClient(), outbound, files, changes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Stores files that arrive with provider events (received email) like uploads. */
    public InboundFiles inbound() {
        return inbound;
    }
}
