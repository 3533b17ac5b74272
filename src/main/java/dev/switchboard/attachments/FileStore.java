package dev.switchboard.attachments;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * Where attachment files are kept once received: on local disk or in an S3-compatible object store. Every file is
 * named by its organization and attachment ids only.
 */
interface FileStore {

    /**
     * Keeps a received file as attachment {@code id}; its temporary file is gone once this succeeds. A failure leaves
     * nothing kept (and the temporary file to the caller); with an object store it is 503 when the store is unavailable.
     */
    Future<Void> keep(IncomingFiles.Received received, UUID tenantId, UUID id);

    /** Removes the file of attachment {@code id} if it is there; a failure is logged, never passed on (the row is what counts). */
    Future<Void> remove(UUID tenantId, UUID id);

    /** How a reader gets the file of a readable attachment. */
    Download download(UUID tenantId, Attachment attachment);

    /** Either a local file to stream ({@code path}) or a short-lived signed link to redirect to ({@code url}). */
    record Download(String path, String url) {
    }
}
