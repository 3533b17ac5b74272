package dev.switchboard.tenancy;

import java.util.Set;

/**
 * What a user may do right now: their role, whether they (and their organization) are active,
 * effective permissions, the teams they belong to and, for portal customers, their own contact.
 */
public record UserAccess(Role role, boolean active, Set<String> permissions, Set<java.util.UUID> teamIds,
                         java.util.UUID contactId) {
}
