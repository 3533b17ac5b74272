package dev.switchboard.tenancy;

import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The record rule shared by owned records: visible to holders of a read-all permission, to the user
 * the record belongs to (owner, assignee) and to members of its team. Queries embed
 * {@link #predicate} and bind {@link #bind} at the same parameter positions.
 */
public record Visibility(boolean all, UUID userId, UUID[] teamIds) {

    public static Visibility of(Principal p, String readAllPermission) {
        return new Visibility(p.can(readAllPermission), p.userId(), p.teamIds().toArray(new UUID[0]));
    }

    /**
     * {@code ($n OR <userColumn> = $n+1 OR <teamColumn> = ANY($n+2))}; pass {@code null} for a
     * record type without a team column.
     */
    public static String predicate(int firstParam, String userColumn, String teamColumn) {
        String team = teamColumn == null ? "" : " OR " + teamColumn + " = ANY($" + (firstParam + 2) + ")";
        return "($" + firstParam + " OR " + userColumn + " = $" + (firstParam + 1) + team + ")";
    }

    /** Appends the three parameters of {@link #predicate} to {@code tuple}. */
    public Tuple bind(Tuple tuple) {
        return tuple.addBoolean(all).addUUID(userId).addArrayOfUUID(teamIds);
    }

    /** The same rule for one loaded record. */
    public boolean allows(UUID ownerId, UUID teamId) {
        if (all || userId.equals(ownerId)) {
            return true;
        }
        for (UUID team : teamIds) {
            if (team.equals(teamId)) {
                return true;
            }
        }
        return false;
    }
}
