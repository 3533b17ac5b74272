package dev.switchboard.tasks;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Records;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * A task's link to another feature's record must be readable by the caller. Record types not registered
 * (yet) in {@link Records} are not checked: the link is kept as a plain id.
 */
final class LinkCheck {

    private LinkCheck() {
    }

    /** Succeeds when {@code id} is null, its type is unregistered, or {@code p} may read it; else 400 on {@code field}. */
    static Future<Void> readable(Records records, Principal p, String type, UUID id, String field) {
        if (id == null || !records.types().contains(type)) {
            return Future.succeededFuture();
        }
        return records.canRead(p, type, id).compose(readable -> readable ? Future.<Void>succeededFuture()
                : Future.failedFuture(ApiException.invalid(field, "no " + type + " with this id is visible to you")));
    }
}
