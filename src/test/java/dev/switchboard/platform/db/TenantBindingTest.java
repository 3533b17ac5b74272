package dev.switchboard.platform.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement the server runs binds the tenant (STYLE rule 4), so row-level security is the
 * second line of defence, not the only one. Reads the compiled classes: the statements as constants,
 * and any SQL written inline, then checks each against the tenant-owned tables of the migrations.
 */
class TenantBindingTest {

    /** A statement starts with its verb and goes on; a lone word such as the choice "update" is not one. */
    private static final Pattern SQL = Pattern.compile("^(SELECT|INSERT|UPDATE|DELETE|WITH)\\s+\\S", Pattern.CASE_INSENSITIVE);
    private static final Pattern TABLE_REFERENCE =
            Pattern.compile("\\b(?:FROM|JOIN|UPDATE|USING)\\s+(?:ONLY\\s+)?(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern INSERT_INTO =
            Pattern.compile("\\bINSERT\\s+INTO\\s+(\\w+)(?:\\s+AS\\s+\\w+)?\\s*(\\([^)]*\\))?", Pattern.CASE_INSENSITIVE);
    /** tenant_id compared with a bind parameter or the transaction's tenant, either way round. */
    private static final Pattern TENANT_BOUND = Pattern.compile(
            "\\btenant_id\\s*=\\s*(?:\\$\\d+|app_tenant\\(\\))|(?:\\$\\d+|app_tenant\\(\\))\\s*=\\s*(?:\\w+\\.)?tenant_id\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TENANT_ID = Pattern.compile("\\btenant_id\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_TABLE =
            Pattern.compile("CREATE TABLE (\\w+) \\((.*?)\\n\\);", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern TENANT_COLUMN = Pattern.compile("^\\s*tenant_id\\s", Pattern.MULTILINE);

    /** The tenant-owned tables of the first migration; the test also picks up any later table with a tenant_id column. */
    private static final Set<String> KNOWN_TENANT_TABLES = Set.of("users", "user_permissions", "teams", "team_members",
            "refresh_tokens", "invites", "audit_log", "outbox", "processed_events");

    /**
     * Statements that legitimately do not mention tenant_id. Each must still exist; none may touch a
     * tenant-owned table (that check has no exceptions).
     */
    private static final Map<String, String> ALLOWED = Map.ofEntries(
            // Binds the tenant for the rest of the transaction: the statement everything else relies on.
            Map.entry("dev.switchboard.platform.db.Db.SET_TENANT", "sets app.tenant_id"),
            // The relay works across tenants through narrow SECURITY DEFINER functions, and a global lock.
            // The event log is read and positioned across tenants through narrow SECURITY DEFINER functions; its
            // consumers bind each event's tenant before applying it.
            Map.entry("dev.switchboard.platform.events.EventLog.ASSIGN", "event_log_assign, cross-tenant by design"),
            Map.entry("dev.switchboard.platform.events.EventLog.READ", "event_log_read of one shard, cross-tenant by design"),
            Map.entry("dev.switchboard.platform.events.EventLog.HEAD", "event_log_head, no tenant data"),
            Map.entry("dev.switchboard.platform.events.EventLog.SHARDS", "event_log_shards, no tenant data"),
            Map.entry("dev.switchboard.platform.events.EventLog.LOCK_CHECKPOINT", "consumer checkpoints are not tenant-owned"),
            Map.entry("dev.switchboard.platform.events.EventLog.MOVE_CHECKPOINT", "consumer checkpoints are not tenant-owned"),
            Map.entry("dev.switchboard.platform.events.EventLog.FIND", "event_log_find($1, $2) takes the tenant id"),
            Map.entry("dev.switchboard.platform.events.EventLog.BIND_TENANT", "sets app.tenant_id"),
            Map.entry("dev.switchboard.platform.events.EventConsumers.RENEW", "shard leases are not tenant-owned"),
            Map.entry("dev.switchboard.platform.events.EventConsumers.RELEASE", "shard leases are not tenant-owned"),
            Map.entry("dev.switchboard.platform.events.EventConsumers.PARKED", "counts by consumer across tenants, for metrics"),
            Map.entry("dev.switchboard.platform.events.EventLogPruner.PRUNE", "retention across tenants, by design"),
            Map.entry("dev.switchboard.platform.events.ShardWorker.PARK", "park_event($1, ...) takes the tenant id"),
            Map.entry("dev.switchboard.platform.http.OperationsEndpoint.PARKED", "counts by consumer across tenants, for readiness"),
            Map.entry("dev.switchboard.webhooks.inbound.InboxWriter.RECEIVE",
                    "webhook_inbox_receive_processed takes each delivery's tenant id"),
            Map.entry("dev.switchboard.webhooks.inbound.HookDirectory.LOOKUP", "inbound_hook_lookup: a hook by its public URL"),
            Map.entry("dev.switchboard.webhooks.outbound.WebhookFanout.TENANTS", "which tenants have endpoints, cross-tenant by design"),
            Map.entry("dev.switchboard.workflows.WorkflowEvents.TENANTS", "which tenants have workflows, cross-tenant by design"),
            // signing_keys belongs to the server, not to a tenant.
            Map.entry("dev.switchboard.auth.SigningKeys.ACTIVE", "server-wide signing keys"),
            Map.entry("dev.switchboard.auth.SigningKeys.INSERT", "server-wide signing keys"),
            Map.entry("dev.switchboard.auth.SigningKeys.LOCK", "advisory lock, no table"),
            Map.entry("dev.switchboard.auth.IdempotencyStore.APPLIED", "idempotency_key_applied($1, ...) takes the tenant id"),
            // The startup check of the secrets key: a server-wide known value, and one stored secret per key
            // through a narrow SECURITY DEFINER function.
            Map.entry("dev.switchboard.platform.secrets.SecretsKeyCheck.INSERT", "server-wide secrets key check"),
            Map.entry("dev.switchboard.platform.secrets.SecretsKeyCheck.READ", "server-wide secrets key check"),
            Map.entry("dev.switchboard.platform.secrets.SecretsKeyCheck.RESEAL", "server-wide secrets key check"),
            Map.entry("dev.switchboard.platform.secrets.SecretsKeyCheck.SAMPLES",
                    "SELECT * FROM sealed_secret_samples(), one stored secret per key across tenants, by design"),
            // organizations is keyed by its own id, which is the tenant id (RLS: id = app_tenant()).
            Map.entry("dev.switchboard.tenancy.OrganizationStore.INSERT", "filters by id"),
            Map.entry("dev.switchboard.tenancy.OrganizationStore.FIND", "filters by id"),
            Map.entry("dev.switchboard.tenancy.OrganizationStore.FIND_SETTINGS", "filters by id"),
            Map.entry("dev.switchboard.tenancy.OrganizationStore.LOCK_SETTINGS", "filters by id"),
            Map.entry("dev.switchboard.tenancy.OrganizationStore.UPDATE_SETTINGS", "filters by id"),
            // Joining an organization by sign-up: the tenant of its slug, through the narrow SECURITY DEFINER function.
            Map.entry("dev.switchboard.auth.AuthService.TENANT_BY_SLUG", "SELECT tenant_by_slug($1), organization lookup"),
            // The audit chainer links every tenant's entries through narrow SECURITY DEFINER functions.
            Map.entry("dev.switchboard.audit.AuditChainer.LOCK", "advisory lock, no table"),
            Map.entry("dev.switchboard.audit.AuditChainer.UNCHAINED", "SELECT * FROM audit_unchained($1), cross-tenant by design"),
            Map.entry("dev.switchboard.audit.AuditChainer.HEADS", "SELECT * FROM audit_chain_heads_for($1), cross-tenant by design"),
            Map.entry("dev.switchboard.audit.AuditChainer.LINK", "SELECT audit_link(...), cross-tenant by design"),
            // Job workers claim due jobs of every tenant (FOR UPDATE SKIP LOCKED) and read the queue's gauges
            // through narrow SECURITY DEFINER functions; completions bind the tenant.
            Map.entry("dev.switchboard.jobs.JobStore.CLAIM", "SELECT * FROM jobs_claim(...), cross-tenant by design"),
            Map.entry("dev.switchboard.jobs.JobStore.DUE_STATS", "SELECT * FROM jobs_due_stats($1), cross-tenant counts"),
            // Webhook ingestion: a tenant hook's URL names its organization by slug, and events no tenant claims
            // are stored as unroutable, both through narrow SECURITY DEFINER functions.
            Map.entry("dev.switchboard.webhooks.inbound.InboundHookStore.TENANT_BY_SLUG", "SELECT tenant_by_slug($1), organization lookup"),
            Map.entry("dev.switchboard.webhooks.inbound.InboxStore.INSERT_UNROUTED",
                    "SELECT webhook_inbox_insert_unrouted(...), events without a tenant by design"),
            Map.entry("dev.switchboard.webhooks.inbound.ResendSecretStore.ALL",
                    "SELECT * FROM resend_signing_secrets_all(), routing a Resend event to the tenants whose secret verifies it"),
            Map.entry("dev.switchboard.webhooks.inbound.MetaPageStore.TENANTS_OF_PAGES", "meta_page_tenant() of a notification's pages, routing its leads"),
            // Timeline: a per-tenant advisory lock (keyed by the tenant id) between live projection and a rebuild.
            Map.entry("dev.switchboard.timeline.TimelineProjector.LOCK_SHARED", "advisory lock on the bound tenant, no table"),
            Map.entry("dev.switchboard.timeline.TimelineRebuildStore.LOCK_EXCLUSIVE", "advisory lock on the bound tenant, no table"),
            // Webhook effects: organizations' own Meta apps route Meta requests; the startup pass finds tenants with plaintext secrets.
            Map.entry("dev.switchboard.integrations.IntegrationStore.META_APPS",
                    "SELECT * FROM meta_app_credentials_all(), routing a Meta request to the organizations whose app signed it"),
            Map.entry("dev.switchboard.webhooks.inbound.PlaintextSecrets.TENANTS",
                    "SELECT * FROM plaintext_secret_tenants(), the startup encryption pass"),
            // The workflow sweeper claims due reminders of every tenant and lists tenants with clock workflows through
            // narrow SECURITY DEFINER functions, then scopes its transaction to each claimed reminder's tenant.
            Map.entry("dev.switchboard.workflows.ClockStore.CLAIM_REMINDERS", "SELECT * FROM workflow_claim_reminders(...), cross-tenant by design"),
            Map.entry("dev.switchboard.workflows.ClockStore.SET_TENANT", "sets app.tenant_id"));

    private static Path classes;
    private static Set<String> tenantTables;
    /** Class.field → SQL, for every static final String holding a statement. */
    private static Map<String, String> statements;
    /** Class → SQL literals in its code that are not the value of any constant. */
    private static Map<String, List<String>> inlineStatements;

    @BeforeAll
    static void readCompiledClasses() throws Exception {
        classes = Path.of(Db.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        tenantTables = tenantTablesOfMigrations(classes.resolve("db/migration"));
        statements = new LinkedHashMap<>();
        inlineStatements = new LinkedHashMap<>();
        List<String> unreadable = new ArrayList<>();
        Map<String, List<String>> literals = new LinkedHashMap<>();
        for (Path file : classFiles(classes.resolve("dev/switchboard"))) {
            String className = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                    .replaceAll("\\.class$", "");
            try {
                statements.putAll(sqlConstants(Class.forName(className, false, TenantBindingTest.class.getClassLoader())));
            } catch (ReflectiveOperationException | LinkageError e) {
                unreadable.add(className + ": " + e);
            }
            literals.put(className, stringLiterals(file).stream().filter(TenantBindingTest::looksLikeSql).toList());
        }
        assertTrue(unreadable.isEmpty(), () -> "cannot read the constants of " + unreadable);
        literals.forEach((className, sql) -> {
            List<String> inline = sql.stream().filter(s -> !statements.containsValue(s)).toList();
            if (!inline.isEmpty()) {
                inlineStatements.put(className, inline);
            }
        });
    }

    @Test
    void findsTheStatementsAndTenantTables() {
        assertTrue(statements.size() > 20, () -> "only " + statements.size() + " statements found: " + statements.keySet());
        assertTrue(tenantTables.containsAll(KNOWN_TENANT_TABLES), () -> "tenant tables read from the migrations: " + tenantTables);
        assertFalse(tenantTables.contains("organizations") || tenantTables.contains("signing_keys"), tenantTables::toString);
    }

    @Test
    void everyStatementOnATenantTableBindsTheTenant() {
        List<String> offenders = new ArrayList<>();
        statements.forEach((name, sql) -> unboundTenantTable(sql).ifPresent(why -> offenders.add(name + ": " + why + describe(sql))));
        inlineStatements.forEach((className, sqls) -> sqls.forEach(sql ->
                unboundTenantTable(sql).ifPresent(why -> offenders.add(className + " (inline): " + why + describe(sql)))));
        assertTrue(offenders.isEmpty(), () -> "statements that do not bind tenant_id:\n" + String.join("\n", offenders));
    }

    @Test
    void statementsWithoutTenantAreExplicitlyAllowed() {
        List<String> offenders = statements.entrySet().stream()
                .filter(s -> !TENANT_ID.matcher(s.getValue()).find() && !ALLOWED.containsKey(s.getKey()))
                .map(s -> s.getKey() + describe(s.getValue()))
                .toList();
        assertTrue(offenders.isEmpty(), () -> "statements without tenant_id that are not on the allow-list:\n"
                + String.join("\n", offenders));

        Set<String> stale = new TreeSet<>(ALLOWED.keySet());
        stale.removeAll(statements.keySet());
        assertTrue(stale.isEmpty(), () -> "allow-list entries that are no longer statements: " + stale);
    }

    /** Why {@code sql} reaches a tenant-owned table without binding the tenant, if it does. */
    private static Optional<String> unboundTenantTable(String sql) {
        Matcher insert = INSERT_INTO.matcher(sql);
        while (insert.find()) {
            String table = insert.group(1).toLowerCase(Locale.ROOT);
            String columns = insert.group(2);
            if (tenantTables.contains(table) && (columns == null || !TENANT_ID.matcher(columns).find())) {
                return Optional.of("inserts into " + table + " without a tenant_id column");
            }
        }
        Set<String> read = new TreeSet<>();
        Matcher reference = TABLE_REFERENCE.matcher(sql);
        while (reference.find()) {
            String table = reference.group(1).toLowerCase(Locale.ROOT);
            if (tenantTables.contains(table)) {
                read.add(table);
            }
        }
        if (!read.isEmpty() && !TENANT_BOUND.matcher(sql).find()) {
            return Optional.of("reads or changes " + read + " without tenant_id = $n");
        }
        return Optional.empty();
    }

    private static Set<String> tenantTablesOfMigrations(Path migrations) throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher table = CREATE_TABLE.matcher(Files.readString(file));
                while (table.find()) {
                    if (TENANT_COLUMN.matcher(table.group(2)).find()) {
                        tables.add(table.group(1).toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return tables;
    }

    private static List<Path> classFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
    }

    private static Map<String, String> sqlConstants(Class<?> type) throws IllegalAccessException {
        Map<String, String> found = new LinkedHashMap<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (field.getType() != String.class || !Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
                continue;
            }
            field.setAccessible(true);
            String value = (String) field.get(null);
            if (looksLikeSql(value)) {
                found.put(type.getName() + "." + field.getName(), value);
            }
        }
        return found;
    }

    private static boolean looksLikeSql(String value) {
        return value != null && SQL.matcher(value.strip()).find();
    }

    /**
     * The string constants of a class file: every literal its code uses, including inline ones and the
     * recipes of string concatenations (JVMS 4.4).
     */
    private static List<String> stringLiterals(Path classFile) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(classFile)))) {
            in.skipBytes(8); // magic, minor and major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            List<Integer> strings = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 8 -> strings.add(in.readUnsignedShort());
                    case 7, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++; // longs and doubles take two slots
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + classFile);
                }
            }
            return strings.stream().map(index -> utf8[index]).collect(Collectors.toList());
        }
    }

    private static String describe(String sql) {
        return "\n    " + sql.strip().replaceAll("\\s+", " ");
    }
}
