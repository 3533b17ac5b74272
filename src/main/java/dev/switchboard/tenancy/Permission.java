package dev.switchboard.tenancy;

import java.util.Set;

/** The explicit permission strings the server enforces. Roles grant defaults; users may get more or fewer. */
public final class Permission {

    public static final String CONTACTS_READ_ALL = "contacts.read_all";
    public static final String CONTACTS_WRITE = "contacts.write";
    public static final String CASES_READ_ALL = "cases.read_all";
    public static final String CASES_WRITE = "cases.write";
    public static final String CASES_DELETE = "cases.delete";
    public static final String TASKS_READ_ALL = "tasks.read_all";
    public static final String TASKS_WRITE = "tasks.write";
    public static final String TASKS_DELETE = "tasks.delete";
    public static final String NOTES_READ_TEAM = "notes.read_team";
    public static final String NOTES_WRITE = "notes.write";
    public static final String CALENDAR_READ_DETAILS = "calendar.read_details";
    public static final String CALENDAR_WRITE = "calendar.write";
    public static final String CONVERSATIONS_READ_ALL = "conversations.read_all";
    public static final String CONVERSATIONS_WRITE = "conversations.write";
    public static final String USERS_READ = "users.read";
    public static final String USERS_MANAGE = "users.manage";
    public static final String TEAMS_MANAGE = "teams.manage";
    public static final String AUDIT_READ = "audit.read";
    public static final String WORKFLOWS_MANAGE = "workflows.manage";
    public static final String WEBHOOKS_MANAGE = "webhooks.manage";
    public static final String INTEGRATIONS_MANAGE = "integrations.manage";
    public static final String DATA_EXPORT = "data.export";
    /** Importing records from CSV files: admins and managers by default. */
    public static final String DATA_IMPORT = "data.import";
    /** Rebuilding the organization's timeline projection from the event log: admins only by default. */
    public static final String TIMELINE_REBUILD = "timeline.rebuild";
    /** Publishing ephemeral messages to realtime channels through the API: admins only by default. */
    public static final String REALTIME_PUBLISH = "realtime.publish";
    /** Renaming the organization and changing its settings (time zone, sign-up, request budget): admins by default. */
    public static final String ORGANIZATION_MANAGE = "organization.manage";
    /** Creating, listing and revoking the organization's API keys: admins by default. */
    public static final String API_KEYS_MANAGE = "api_keys.manage";
    /** Creating, renaming and deleting the organization's managed labels: managers and admins by default. */
    public static final String LABELS_MANAGE = "labels.manage";

    public static final Set<String> ALL = Set.of(
            CONTACTS_READ_ALL, CONTACTS_WRITE, CASES_READ_ALL, CASES_WRITE, CASES_DELETE,
            TASKS_READ_ALL, TASKS_WRITE, TASKS_DELETE, NOTES_READ_TEAM, NOTES_WRITE,
            CALENDAR_READ_DETAILS, CALENDAR_WRITE, CONVERSATIONS_READ_ALL, CONVERSATIONS_WRITE,
            USERS_READ, USERS_MANAGE, TEAMS_MANAGE, AUDIT_READ, WORKFLOWS_MANAGE, WEBHOOKS_MANAGE,
            INTEGRATIONS_MANAGE, DATA_EXPORT, DATA_IMPORT, TIMELINE_REBUILD, REALTIME_PUBLISH, ORGANIZATION_MANAGE, API_KEYS_MANAGE,
            LABELS_MANAGE);

    private Permission() {
    }
}
