package dev.switchboard.notes;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Which notes a caller reads, the parent record being readable: their own notes always; private notes
 * of others never; team notes when they are a manager or admin, or hold {@code notes.read_team} and
 * belong to the note's team; organization notes when they are staff (portal customers read no notes
 * but their own, and they cannot write any).
 */
record NoteScope(UUID userId, boolean staff, boolean manager, boolean readTeam, UUID[] teamIds) {

    static NoteScope of(Principal p) {
        return new NoteScope(p.userId(), !p.isCustomer(), p.role().atLeast(Role.MANAGER), p.can(Permission.NOTES_READ_TEAM),
                p.teamIds().toArray(new UUID[0]));
    }

    /** The predicate on alias {@code n}, deleted notes excluded; it takes five parameters from {@code $first}. */
    static String predicate(int first) {
        return "(n.deleted_at IS NULL AND (n.author_user_id = $" + first
                + " OR (n.visibility = 'org' AND $" + (first + 1) + ")"
                + " OR (n.visibility = 'team' AND ($" + (first + 2) + " OR ($" + (first + 3) + " AND n.team_id = ANY($"
                + (first + 4) + "))))))";
    }

    Tuple bind(Tuple tuple) {
        return tuple.addUUID(userId).addBoolean(staff).addBoolean(manager).addBoolean(readTeam).addArrayOfUUID(teamIds);
    }
}
