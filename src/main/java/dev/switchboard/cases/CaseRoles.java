package dev.switchboard.cases;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Role;

/** Case actions reserved for managers and admins: pipelines, queues, handoff decisions, bulk assignment. */
final class CaseRoles {

    private CaseRoles() {
    }

    static void requireManager(Principal p) {
        if (!p.role().atLeast(Role.MANAGER)) {
            throw ApiException.forbidden("requires the manager or admin role");
        }
    }
}
