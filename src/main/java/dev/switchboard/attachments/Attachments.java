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
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.time.Clock;

/**
 * The attachments feature, wired: files on local disk or in an S3-compatible object store (signed with the wall clock,
 * which the store checks), their rows, the API, and files arriving with provider events.
 */
public final class Attachments {

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Uploads in flight to the object store at once; more wait for a connection. */
    private static final int STORE_CONNECTIONS = 32;

    private final AttachmentEndpoint endpoint;
    private final InboundFiles inbound;

    /** @param messages who reads a message (messages are not a registered record type) */
    public Attachments(Vertx vertx, Db db, Changes changes, Records records, RecordAccess messages, ApiRoutes routes,
                       AttachmentsConfig config, OutboundAddresses outbound) {
        IncomingFiles incoming = new IncomingFiles(vertx.fileSystem(), config.dir(), config.maxBytes());
        FileStore files = config.s3() == null ? new LocalFiles(vertx.fileSystem(), config.dir(), incoming)
                : new S3Files(vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS),
                        new PoolOptions().setHttp1MaxSize(STORE_CONNECTIONS)),
                        vertx.fileSystem(), incoming, config.s3(), Clock.systemUTC());
        this.endpoint = new AttachmentEndpoint(new AttachmentService(db, changes, records, messages, incoming, files), incoming, routes);
        this.inbound = new InboundFiles(vertx.createHttpClient(), outbound, incoming, files, changes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Stores files that arrive with provider events (received email) like uploads. */
    public InboundFiles inbound() {
        return inbound;
    }
}
