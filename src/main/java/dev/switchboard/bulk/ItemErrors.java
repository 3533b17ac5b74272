package dev.switchboard.bulk;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.error.FieldError;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The refusals of a bulk request's items, collected while every item is checked; when there is any, nothing is
 * written and the answer is one 422 listing each refused item as {@code ids[i]} with its reason.
 */
public final class ItemErrors {

    private final List<UUID> ids;
    private final List<FieldError> errors = new ArrayList<>();

    public ItemErrors(List<UUID> ids) {
        this.ids = ids;
    }

    /** Refuses the item {@code id} for the reason {@code refusal} gives (a 4xx {@link ApiException}). */
    public void refuse(UUID id, ApiException refusal) {
        String reason = refusal.detail() != null ? refusal.detail() : refusal.title();
        errors.add(new FieldError("ids[" + ids.indexOf(id) + "]", refusal.status() + " " + reason));
    }

    /** Checks one item with {@code check}, which fails with an {@link ApiException} to refuse it; other failures pass on. */
    public Future<Void> check(UUID id, Future<?> check) {
        return check.<Void>mapEmpty().recover(err -> {
            if (err instanceof ApiException api && api.status() < 500) {
                refuse(id, api);
                return Future.succeededFuture();
            }
            return Future.failedFuture(err);
        });
    }

    /** Succeeds when no item was refused; else fails with the 422 that lists them all. */
    public Future<Void> verdict() {
        if (errors.isEmpty()) {
            return Future.succeededFuture();
        }
        errors.sort((a, b) -> Integer.compare(index(a), index(b)));
        return Future.failedFuture(new ApiException(422, "bulk-items-refused", "Items refused",
                errors.size() + " of " + ids.size() + " records cannot be changed as asked; nothing was changed",
                List.copyOf(errors), Map.of()));
    }

    private static int index(FieldError e) {
        return Integer.parseInt(e.field().substring(4, e.field().length() - 1));
    }
}
