package dev.switchboard.attachments;

import dev.switchboard.audit.Change;
import dev.switchboard.audit.Changes;
import dev.switchboard.platform.bus.Actor;
import dev.switchboard.platform.db.Ids;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.RequestMeta;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Files that arrive with provider events (the attachments of received email), stored like uploads: downloaded
 * (streamed, size-limited, typed by their bytes) and kept in the file store before the event's transaction (so no
 * transaction waits on an object store), then attached to their record inside it, recorded as
 * {@code attachment.added} by the system. A file kept for an event whose transaction then fails stays unreferenced.
 */
public final class InboundFiles {

    private static final long TIMEOUT_MILLIS = 30_000;

    private final HttpClient http;
    private final OutboundAddresses outbound;
    private final IncomingFiles incoming;
    private final FileStore files;
    private final Changes changes;

    InboundFiles(HttpClient http, OutboundAddresses outbound, IncomingFiles incoming, FileStore files, Changes changes) {
        this.http = http;
        this.outbound = outbound;
        this.incoming = incoming;
        this.files = files;
        this.changes = changes;
    }

    /**
     * Downloads {@code url} and keeps it as a future attachment of organization {@code tenantId}; completes with what
     * {@link #attach} takes back ({@code filename} kept for display only). Fails for an address the server must not
     * call, a non-200 answer, a file over the limit or a file store that does not take it.
     */
    public Future<JsonObject> stage(UUID tenantId, String url, String filename) {
        String shown = Filenames.displayName(filename);
        String name = shown != null ? shown : "attachment";
        return outbound.refusal(url).compose(refusal -> refusal != null
                ? Future.failedFuture(new IllegalStateException("attachment download refused: " + refusal))
                : http.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.GET).setTimeout(TIMEOUT_MILLIS)))
                .compose(request -> request.send())
                .compose(response -> {
                    response.pause();
                    if (response.statusCode() != 200) {
                        response.resume();
                        return Future.failedFuture(new IllegalStateException("attachment download answered " + response.statusCode()));
                    }
                    return incoming.receive(response);
                })
                .compose(received -> {
                    UUID id = Ids.next();
                    return files.keep(received, tenantId, id)
                            .recover(err -> incoming.discard(received.tempPath()).transform(x -> Future.failedFuture(err)))
                            .map(v -> new JsonObject().put("id", id.toString()).put("size", received.size())
                                    .put("sha256", received.sha256()).put("contentType", received.contentType()).put("filename", name));
                });
    }

    /**
     * Attaches staged files to a record inside the caller's transaction; none when the record has attachments already
     * (the event was applied before), and then the staged files are removed.
     */
    public Future<Void> attach(SqlConnection conn, UUID tenantId, String entityType, UUID entityId, JsonArray staged) {
        if (staged == null || staged.isEmpty()) {
            return Future.succeededFuture();
        }
        return AttachmentStore.list(conn, tenantId, entityType, entityId, new Pages(1, null, true))
                .compose(existing -> {
                    if (!existing.isEmpty()) {
                        return discard(tenantId, staged);
                    }
                    Future<Void> chain = Future.succeededFuture();
                    for (Object item : staged) {
                        JsonObject file = (JsonObject) item;
                        chain = chain.compose(v -> attachOne(conn, tenantId, entityType, entityId, file));
                    }
                    return chain;
                });
    }

    /** Removes staged files of organization {@code tenantId} that were not attached. */
    public Future<Void> discard(UUID tenantId, JsonArray staged) {
        List<Future<Void>> removed = new ArrayList<>();
        if (staged != null) {
            staged.forEach(item -> removed.add(files.remove(tenantId, UUID.fromString(((JsonObject) item).getString("id")))));
        }
        return Future.join(removed).mapEmpty();
    }

    private Future<Void> attachOne(SqlConnection conn, UUID tenantId, String entityType, UUID entityId, JsonObject file) {
        Attachment kept = new Attachment(UUID.fromString(file.getString("id")), entityType, entityId, file.getString("filename"),
                file.getString("contentType"), file.getLong("size"), file.getString("sha256"), null, null);
        return AttachmentStore.insert(conn, tenantId, kept)
                .compose(saved -> changes.record(conn, tenantId, Actor.SYSTEM, RequestMeta.SYSTEM,
                        Change.created("attachment.added", "attachment", saved.id(), saved.auditView())));
    }
}
