package dev.switchboard.notes;

import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Notes for automation (workflow actions): the same service and rules as the API, driven by request-shaped JSON. */
public final class NoteAutomation {

    private final NoteService notes;

    public NoteAutomation(NoteService notes) {
        this.notes = notes;
    }

    /** Adds a note to a record from a body as {@code POST /api/v1/notes} takes it; completes with the note's id. */
    public Future<UUID> create(Principal p, String entityType, UUID entityId, JsonObject body) {
        Validator v = new Validator(body);
        NoteInput input = NoteInput.parse(body, v, true);
        v.check();
        return notes.create(p, entityType, entityId, input).map(Note::id);
    }
}
