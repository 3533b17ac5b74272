package dev.switchboard.cases;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Visibility;
import io.vertx.sqlclient.Tuple;

/**
 * Who sees which case. Portal customers: cases of their own contact. Staff: the shared rule (cases.read_all,
 * owner, team), plus cases in queues bound to one of their teams or to no team, so they can claim them.
 * Writing needs cases.write and the shared rule itself: seeing a case through its queue is for claiming.
 */
final class CaseVisibility {

    /** Parameters the predicate takes, starting at its first. */
    static final int PARAMS = 5;

    private CaseVisibility() {
    }

    /** The SQL condition on cases aliased {@code c}, using parameters {@code $first .. $first+4}. */
    static String predicate(int first) {
        return "(CASE WHEN $" + first + "::boolean THEN c.contact_id = $" + (first + 1) + "::uuid ELSE ("
                + Visibility.predicate(first + 2, "c.owner_user_id", "c.team_id")
                + " OR (c.owner_queue_id IS NOT NULL AND EXISTS (SELECT 1 FROM case_queues vq WHERE vq.tenant_id = c.tenant_id"
                + " AND vq.id = c.owner_queue_id AND (vq.team_id IS NULL OR vq.team_id = ANY($" + (first + 4) + "))))) END)";
    }

    /** Appends the predicate's parameters for {@code p}. */
    static Tuple bind(Tuple tuple, Principal p) {
        tuple.addBoolean(p.isCustomer()).addUUID(p.contactId());
        return Visibility.of(p, Permission.CASES_READ_ALL).bind(tuple);
    }

    /** True when {@code p} may change {@code c} (beyond claiming it). */
    static boolean canWrite(Principal p, Case c) {
        return p.can(Permission.CASES_WRITE) && Visibility.of(p, Permission.CASES_READ_ALL).allows(c.ownerUserId(), c.teamId());
    }
}
