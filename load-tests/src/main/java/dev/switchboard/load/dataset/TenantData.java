package dev.switchboard.load.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * One organization's generated records, streamed with COPY: users (sharing the admin's password hash),
 * teams, contacts, cases with gap-free numbers in the default pipeline and their status history, tasks,
 * notes, conversations with messages, and the timeline projection of all of them. Creation times spread
 * over the last 180 days in id order, as the server's UUIDv7 ids would be.
 */
final class TenantData {

    private static final String[] OPEN_STAGES = {"new", "qualified", "pending_handoff", "accepted", "in_progress"};
    private static final String[] PRIORITIES = {"low", "normal", "normal", "normal", "high", "urgent"};
    private static final String[] WORDS = {"invoice", "renewal", "onboarding", "refund", "contract", "upgrade", "visit",
            "complaint", "quote", "migration", "audit", "delivery", "training", "billing", "intake", "follow-up"};
    private static final String[] COMPANIES = {"Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"};
    private static final int TEAMS = 3;
    private static final int MESSAGES_PER_CONVERSATION = 4;
    private static final long SPAN_MILLIS = 180L * 24 * 3600 * 1000;

    /** A generated user (the registered admin is not one of them). */
    record GenUser(UUID id, String email, String role, UUID teamId) {
    }

    private final UUID tenant;
    private final UUID adminId;
    private final UUID pipelineId;
    private final String passwordHash;
    private final DatasetGenerator.Options options;
    private final int index;
    private final SplittableRandom random;
    private final List<GenUser> users = new ArrayList<>();
    private final List<UUID> agents = new ArrayList<>();
    private final UUID[] teams = new UUID[TEAMS];

    TenantData(UUID tenant, UUID adminId, UUID pipelineId, String passwordHash, DatasetGenerator.Options options, int index) {
        this.tenant = tenant;
        this.adminId = adminId;
        this.pipelineId = pipelineId;
        this.passwordHash = passwordHash;
        this.options = options;
        this.index = index;
        this.random = new SplittableRandom(31L * index + 7);
    }

    List<GenUser> users() {
        return users;
    }

    void write(Connection db) throws SQLException {
        long now = System.currentTimeMillis();
        long origin = now - SPAN_MILLIS - 3_600_000;
        writeUsersAndTeams(db, origin);
        UUID[] contacts = writeContacts(db, origin);
        writeCases(db, origin, contacts);
        writeConversations(db, origin, contacts);
    }

    private void writeUsersAndTeams(Connection db, long origin) throws SQLException {
        for (int i = 0; i < TEAMS; i++) {
            teams[i] = Uuid7.at(origin + i);
        }
        int managers = Math.max(1, options.users() / 5);
        for (int i = 1; i < options.users(); i++) {
            String role = i <= managers ? "manager" : i == managers + 1 ? "viewer" : "agent";
            UUID team = role.equals("agent") ? teams[i % TEAMS] : null;
            String email = role + i + "-" + options.runId() + "-t" + index + "@load.test";
            GenUser u = new GenUser(Uuid7.at(origin + 10 + i), email, role, team);
            users.add(u);
            if (role.equals("agent")) {
                agents.add(u.id());
            }
        }
        try (Copy t = new Copy(db, "teams", "tenant_id, id, name, description, created_at")) {
            for (int i = 0; i < TEAMS; i++) {
                t.row(tenant, teams[i], "Team " + (i + 1), "generated", ts(origin + i));
            }
        }
        try (Copy u = new Copy(db, "users", "tenant_id, id, email, full_name, password_hash, role, created_at, updated_at")) {
            for (GenUser g : users) {
                u.row(tenant, g.id(), g.email(), "User " + g.email().substring(0, g.email().indexOf('-')), passwordHash, g.role(),
                        ts(origin), ts(origin));
            }
        }
        try (Copy m = new Copy(db, "team_members", "tenant_id, team_id, user_id, added_at")) {
            for (GenUser g : users) {
                if (g.teamId() != null) {
                    m.row(tenant, g.teamId(), g.id(), ts(origin));
                }
            }
        }
    }

    private UUID[] writeContacts(Connection db, long origin) throws SQLException {
        int count = Math.max(1, options.cases() / 2);
        UUID[] ids = new UUID[count];
        try (Copy c = new Copy(db, "contacts", "tenant_id, id, first_name, last_name, full_name, email, phone, company, region, "
                + "owner_user_id, team_id, created_at, updated_at")) {
            for (int i = 0; i < count; i++) {
                long at = origin + 1000 + (long) i * 1000;
                ids[i] = Uuid7.at(at);
                int owner = random.nextInt(agents.size());
                String first = "First" + i;
                String last = "Last" + index;
                c.row(tenant, ids[i], first, last, first + " " + last, "contact" + i + "@example" + index + ".test",
                        "+1415555" + String.format("%04d", i % 10_000), pick(COMPANIES) + " " + (i % 97), "US",
                        agents.get(owner), teamOf(agents.get(owner)), ts(at), ts(at));
            }
        }
        return ids;
    }

    private void writeCases(Connection db, long origin, UUID[] contacts) throws SQLException {
        int count = options.cases();
        long step = SPAN_MILLIS / Math.max(1, count);
        try (Copy cases = new Copy(db, "cases", "tenant_id, id, number, title, contact_id, pipeline_id, stage, priority, "
                + "owner_user_id, team_id, source, created_by, created_at, updated_at");
             Copy history = new Copy(db, "case_status_history", "tenant_id, id, case_id, from_stage, to_stage, reason, actor_id, at",
                     cases);
             Copy tasks = new Copy(db, "tasks", "tenant_id, id, title, description, case_id, contact_id, assignee_user_id, due_at, "
                     + "priority, status, completed_at, created_by, team_id, created_at, updated_at", cases);
             Copy notes = new Copy(db, "notes", "tenant_id, id, entity_type, entity_id, author_user_id, visibility, body, "
                     + "created_at, updated_at");
             Copy parents = new Copy(db, "timeline_parents", "tenant_id, record_type, record_id, contact_id");
             Copy timeline = timeline(db)) {
            for (int i = 0; i < count; i++) {
                long at = origin + 60_000 + i * step;
                UUID id = Uuid7.at(at);
                UUID owner = agents.get(random.nextInt(agents.size()));
                UUID team = teamOf(owner);
                UUID contact = contacts[random.nextInt(contacts.length)];
                String stage = random.nextInt(10) == 0 ? "closed" : OPEN_STAGES[random.nextInt(OPEN_STAGES.length)];
                String title = "Case " + (i + 1) + ": " + pick(WORDS) + " for " + pick(COMPANIES);
                cases.row(tenant, id, i + 1, title, contact, pipelineId, stage, pick(PRIORITIES), owner, team, "manual", owner,
                        ts(at), ts(at));
                history.row(tenant, Uuid7.at(at), id, null, stage, null, owner, ts(at));
                parents.row(tenant, "case", id, contact);
                entry(timeline, "case", id, at, "case.created", "Case created: #" + (i + 1) + " " + title, owner, "case", id,
                        null, null);
                entry(timeline, "contact", contact, at, "case.created", "Case created: #" + (i + 1) + " " + title, owner,
                        "case", id, null, null);

                long taskAt = at + 1000;
                UUID task = Uuid7.at(taskAt);
                boolean done = random.nextInt(3) == 0;
                String taskTitle = "Call about " + pick(WORDS);
                tasks.row(tenant, task, taskTitle, "generated task", id, null, owner, ts(taskAt + 7L * 24 * 3600 * 1000),
                        pick(PRIORITIES), done ? "done" : "open", done ? ts(taskAt + 3600_000) : null, owner, team, ts(taskAt),
                        ts(taskAt));
                entry(timeline, "case", id, taskAt, "task.created", "Task created: " + taskTitle, owner, "task", task, null, null);

                long noteAt = at + 2000;
                UUID note = Uuid7.at(noteAt);
                notes.row(tenant, note, "case", id, owner, "org", "<p>Spoke with the customer about " + pick(WORDS) + ".</p>",
                        ts(noteAt), ts(noteAt));
                entry(timeline, "case", id, noteAt, "note.created", "Note added", owner, "note", note, "org", owner);
            }
        }
        try (PreparedStatement st = db.prepareStatement("""
                INSERT INTO case_counters (tenant_id, last_number) VALUES (?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET last_number = greatest(case_counters.last_number, excluded.last_number)""")) {
            st.setObject(1, tenant);
            st.setLong(2, count);
            st.executeUpdate();
        }
    }

    private void writeConversations(Connection db, long origin, UUID[] contacts) throws SQLException {
        int count = Math.max(1, options.cases() / 5);
        long step = SPAN_MILLIS / count;
        try (Copy conversations = new Copy(db, "conversations", "tenant_id, id, channel, contact_id, subject, status, priority, "
                + "assignee_user_id, team_id, last_message_at, created_by, created_at, updated_at");
             Copy messages = new Copy(db, "messages", "tenant_id, id, conversation_id, direction, body, sender_user_id, "
                     + "sender_contact_id, delivery_status, created_at", conversations);
             Copy parents = new Copy(db, "timeline_parents", "tenant_id, record_type, record_id, contact_id, channel, subject");
             Copy timeline = timeline(db)) {
            for (int i = 0; i < count; i++) {
                long at = origin + 90_000 + i * step;
                UUID id = Uuid7.at(at);
                UUID agent = agents.get(random.nextInt(agents.size()));
                UUID contact = contacts[random.nextInt(contacts.length)];
                String subject = "About the " + pick(WORDS);
                long last = at + MESSAGES_PER_CONVERSATION * 60_000L;
                conversations.row(tenant, id, "email", contact, subject, "open", "normal", agent, teamOf(agent), ts(last), agent,
                        ts(at), ts(last));
                parents.row(tenant, "conversation", id, contact, "email", subject);
                for (int m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
                    long mAt = at + m * 60_000L;
                    UUID message = Uuid7.at(mAt);
                    boolean inbound = m % 2 == 0;
                    messages.row(tenant, message, id, inbound ? "inbound" : "outbound", "Message " + m + " about " + subject,
                            inbound ? null : agent, inbound ? contact : null, inbound ? null : "delivered", ts(mAt));
                    String type = inbound ? "message.received" : "message.sent";
                    String summary = (inbound ? "Email received: " : "Email sent: ") + subject;
                    UUID actor = inbound ? null : agent;
                    entry(timeline, "conversation", id, mAt, type, summary, actor, "message", message, "conversation", id, null, null);
                    entry(timeline, "contact", contact, mAt, type, summary, actor, "message", message, "conversation", id, null, null);
                }
            }
        }
    }

    private static Copy timeline(Connection db) throws SQLException {
        return new Copy(db, "timeline_entries", "tenant_id, record_type, record_id, entry_id, at, type, summary, actor_type, "
                + "actor_id, entity_type, entity_id, source_type, source_id, note_visibility, author_user_id");
    }

    /** One projection row whose read permission follows the entity itself. */
    private void entry(Copy timeline, String recordType, UUID recordId, long at, String type, String summary, UUID actor,
                       String entityType, UUID entityId, String noteVisibility, UUID author) throws SQLException {
        entry(timeline, recordType, recordId, at, type, summary, actor, entityType, entityId, entityType, entityId, noteVisibility,
                author);
    }

    private void entry(Copy timeline, String recordType, UUID recordId, long at, String type, String summary, UUID actor,
                       String entityType, UUID entityId, String sourceType, UUID sourceId, String noteVisibility, UUID author)
            throws SQLException {
        timeline.row(tenant, recordType, recordId, Uuid7.at(at), ts(at), type, summary, actor == null ? "system" : "user", actor,
                entityType, entityId, sourceType, sourceId, noteVisibility, author);
    }

    private UUID teamOf(UUID user) {
        for (GenUser u : users) {
            if (u.id().equals(user)) {
                return u.teamId();
            }
        }
        return null;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String ts(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    }
}
