package dev.switchboard.replies;

import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Where a canned response's variables come from: the contact and conversation features, read as the caller (their
 * read rules apply; a record they cannot read fails with a 404 {@code ApiException}).
 */
public interface RenderSources {

    /** The contact as its API shows it. */
    Future<JsonObject> contact(Principal p, UUID id);

    /** The conversation as its API shows it, with its {@code contactId}. */
    Future<JsonObject> conversation(Principal p, UUID id);

    /** Sources from two reads, each as the caller. */
    static RenderSources of(BiFunction<Principal, UUID, Future<JsonObject>> contacts,
                            BiFunction<Principal, UUID, Future<JsonObject>> conversations) {
        return new RenderSources() {
            @Override
            public Future<JsonObject> contact(Principal p, UUID id) {
                return contacts.apply(p, id);
            }

            @Override
            public Future<JsonObject> conversation(Principal p, UUID id) {
                return conversations.apply(p, id);
            }
        };
    }
}
