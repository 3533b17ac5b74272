package dev.switchboard.notes;

import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.RecordAccess;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Set;
import java.util.UUID;

/** Answers whether a caller may read a note, for features that link to notes (timelines, notifications). */
public final class NoteAccess implements RecordAccess {

    static final String TYPE = "note";

    private final NoteService notes;

    public NoteAccess(NoteService notes) {
        this.notes = notes;
    }

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public Future<Boolean> canRead(Principal p, String type, UUID id) {
        return notes.canRead(p, id);
    }

    @Override
    public Future<Boolean> canRead(SqlConnection conn, Principal p, String type, UUID id) {
        return notes.canRead(conn, p, id);
    }
}
