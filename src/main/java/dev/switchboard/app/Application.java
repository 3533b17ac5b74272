package dev.switchboard.app;

import dev.switchboard.auth.AccessTokens;
import dev.switchboard.auth.AccountEmails;
import dev.switchboard.auth.AccountEndpoint;
import dev.switchboard.auth.AccountService;
import dev.switchboard.auth.ApiKeyEndpoint;
import dev.switchboard.auth.ApiKeyService;
import dev.switchboard.auth.ApiKeys;
import dev.switchboard.auth.AuthEndpoint;
import dev.switchboard.auth.AuthService;
import dev.switchboard.auth.Authenticator;
import dev.switchboard.auth.Idempotency;
import dev.switchboard.auth.InviteEndpoint;
import dev.switchboard.auth.InviteService;
import dev.switchboard.auth.PasswordHasher;
import dev.switchboard.auth.AccessChanges;
import dev.switchboard.auth.SessionStatus;
import dev.switchboard.auth.Passwords;
import dev.switchboard.auth.SigningKey;
import dev.switchboard.auth.SigningKeys;
import dev.switchboard.auth.UserEndpoint;
import dev.switchboard.auth.UserService;
import dev.switchboard.ai.AiAssist;
import dev.switchboard.attachments.Attachments;
import dev.switchboard.conversations.MessageAccess;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.contacts.Contact;
import dev.switchboard.replies.CannedResponseEndpoint;
import dev.switchboard.replies.CannedResponseService;
import dev.switchboard.replies.RenderSources;
import dev.switchboard.audit.AuditChainer;
import dev.switchboard.audit.AuditEndpoint;
import dev.switchboard.audit.AuditService;
import dev.switchboard.audit.Changes;
import dev.switchboard.contacts.ContactAccess;
import dev.switchboard.contacts.ContactCsv;
import dev.switchboard.contacts.ContactEndpoint;
import dev.switchboard.contacts.DuplicateMergeService;
import dev.switchboard.contacts.ContactImport;
import dev.switchboard.contacts.ContactNormalizer;
import dev.switchboard.contacts.ContactService;
import dev.switchboard.notes.NoteAccess;
import dev.switchboard.notes.NoteEndpoint;
import dev.switchboard.notes.NoteHtml;
import dev.switchboard.notes.NoteService;
import dev.switchboard.calendar.AppointmentAccess;
import dev.switchboard.calendar.AppointmentEndpoint;
import dev.switchboard.calendar.AppointmentService;
import dev.switchboard.calendar.CalendarService;
import dev.switchboard.bulk.BulkEndpoint;
import dev.switchboard.cases.CaseActionEndpoint;
import dev.switchboard.cases.CaseBulk;
import dev.switchboard.cases.CaseCsv;
import dev.switchboard.cases.CaseImport;
import dev.switchboard.cases.CaseAssignmentService;
import dev.switchboard.cases.CaseEndpoint;
import dev.switchboard.cases.CaseRecordAccess;
import dev.switchboard.cases.CaseService;
import dev.switchboard.cases.CaseStatusService;
import dev.switchboard.cases.CaseWrites;
import dev.switchboard.cases.PipelineEndpoint;
import dev.switchboard.cases.PipelineService;
import dev.switchboard.cases.QueueEndpoint;
import dev.switchboard.cases.QueueService;
import dev.switchboard.cases.References;
import dev.switchboard.conversations.ConversationAccess;
import dev.switchboard.conversations.ConversationBulk;
import dev.switchboard.conversations.ConversationSearch;
import dev.switchboard.conversations.MessageSearch;
import dev.switchboard.search.SearchEndpoint;
import dev.switchboard.search.SearchService;
import dev.switchboard.contacts.ContactSearch;
import dev.switchboard.cases.CaseSearch;
import dev.switchboard.tasks.TaskSearch;
import dev.switchboard.notes.NoteSearch;
import dev.switchboard.calendar.AppointmentSearch;
import dev.switchboard.conversations.ConversationEndpoint;
import dev.switchboard.conversations.ConversationService;
import dev.switchboard.conversations.MessageEndpoint;
import dev.switchboard.conversations.MessageService;
import dev.switchboard.notifications.NotificationEndpoint;
import dev.switchboard.notifications.NotificationEmailHandler;
import dev.switchboard.notifications.NotificationService;
import dev.switchboard.notifications.NotificationsConsumer;
import dev.switchboard.email.EmailEndpoint;
import dev.switchboard.exports.ExportEndpoint;
import dev.switchboard.events.ParkedEventEndpoint;
import dev.switchboard.events.ParkedEventService;
import dev.switchboard.email.EmailLog;
import dev.switchboard.email.EmailService;
import dev.switchboard.email.EmailTemplateEndpoint;
import dev.switchboard.email.EmailTemplateService;
import dev.switchboard.email.ResendClient;
import dev.switchboard.email.SendEmailHandler;
import dev.switchboard.email.TemplateRenderer;
import dev.switchboard.jobs.Backoff;
import dev.switchboard.labels.LabelEndpoint;
import dev.switchboard.labels.LabelService;
import dev.switchboard.jobs.JobEndpoint;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobMetrics;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.JobService;
import dev.switchboard.jobs.JobWorker;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.cluster.ClusterEvents;
import dev.switchboard.platform.cluster.ClusterLink;
import dev.switchboard.platform.cluster.LocalLink;
import dev.switchboard.platform.kafka.KafkaLink;
import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.config.LimitsConfig;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.EmbeddedDatabase;
import dev.switchboard.platform.db.PoolFactory;
import dev.switchboard.platform.http.OutboundAddresses;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.HttpServerVerticle;
import dev.switchboard.platform.http.InputBoundary;
import dev.switchboard.platform.http.OpenApiDocument;
import dev.switchboard.platform.http.OpenApiEndpoint;
import dev.switchboard.platform.http.OperationsEndpoint;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.metrics.Metrics;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.platform.outbox.OutboxRelay;
import dev.switchboard.platform.events.ConsumerMetrics;
import dev.switchboard.platform.events.EventConsumers;
import dev.switchboard.platform.events.EventLogPruner;
import dev.switchboard.platform.events.EventTail;
import dev.switchboard.platform.events.LogConsumer;
import dev.switchboard.platform.worker.WorkerMetrics;
import dev.switchboard.tasks.TaskAccess;
import dev.switchboard.tasks.TaskActivityService;
import dev.switchboard.tasks.TaskBulk;
import dev.switchboard.tasks.TaskEndpoint;
import dev.switchboard.tasks.TaskService;
import dev.switchboard.realtime.RealtimeGateway;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.OrganizationEndpoint;
import dev.switchboard.tenancy.OrganizationService;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.RequestBudget;
import dev.switchboard.tenancy.RequestBudgetSettings;
import dev.switchboard.tenancy.TeamEndpoint;
import dev.switchboard.tenancy.TeamService;
import dev.switchboard.timeline.Timeline;
import dev.switchboard.webhooks.outbound.DeliverWebhookHandler;
import dev.switchboard.webhooks.outbound.WebhookEndpointRoutes;
import dev.switchboard.webhooks.outbound.WebhookEndpointService;
import dev.switchboard.webhooks.outbound.WebhookFanout;
import dev.switchboard.webhooks.inbound.PlaintextSecrets;
import dev.switchboard.webhooks.inbound.WebhookIngestion;
import dev.switchboard.conversations.InboundEmails;
import dev.switchboard.conversations.MessageDeliveries;
import dev.switchboard.conversations.MessageIds;
import dev.switchboard.conversations.SendMessageHandler;
import dev.switchboard.conversations.Snoozes;
import dev.switchboard.identity.Identity;
import dev.switchboard.imports.Imports;
import dev.switchboard.integrations.IntegrationEndpoint;
import dev.switchboard.integrations.IntegrationService;
import dev.switchboard.platform.secrets.SecretBox;
import dev.switchboard.platform.secrets.SecretKeys;
import dev.switchboard.platform.secrets.SecretsKeyCheck;
import dev.switchboard.workflows.ActionPorts;
import dev.switchboard.workflows.Workflows;
import dev.switchboard.notes.NoteAutomation;
import dev.switchboard.tasks.TaskAutomation;
import dev.switchboard.fields.CustomFieldEndpoint;
import dev.switchboard.fields.CustomFieldService;
import dev.switchboard.fields.Metadata;
import dev.switchboard.views.SavedViewEndpoint;
import dev.switchboard.views.SavedViewService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: prepares the database, creates Vert.x, the two pools, every store, service and
 * endpoint, and deploys the verticles. Nothing else constructs components.
 */
public final class Application implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Application.class);
    private static final long STARTUP_TIMEOUT_SECONDS = 60;
    private static final Duration ACCESS_CACHE_TTL = Duration.ofSeconds(15);

    private final AppConfig config;
    private final EmbeddedDatabase embedded;
    private final Vertx vertx;
    private final Pool pool;
    private final Pool backgroundPool;
    private final PrometheusMeterRegistry registry;
    private final TenantBus bus;
    private final Clock clock;
    private final SecretBox secretBox;
    private volatile OpenApiDocument openApi;
    private List<Endpoint> endpoints = List.of();
    private String httpDeployment;
    private String relayDeployment;
    private String chainerDeployment;
    private String consumersDeployment;
    private String invalidatorDeployment;
    private EventConsumers eventConsumers;
    private RealtimeGateway realtime;
    private ClusterLink cluster;
    private ClusterEvents clusterEvents;
    private final List<String> automationDeployments = new ArrayList<>();
    /**
     * This run's name in the event log's node liveness, which also tells who holds a job or an idempotency key: the
     * configured node id and a suffix of its own, so a node restarted under the same id never answers for what its
     * previous run held.
     */
    private final String liveNode;

    private Application(AppConfig config, EmbeddedDatabase embedded, Vertx vertx, Pool pool, Pool backgroundPool,
                        PrometheusMeterRegistry registry, TenantBus bus, Clock clock, SecretBox secretBox) {
        this.config = config;
        this.secretBox = secretBox;
        this.embedded = embedded;
        this.vertx = vertx;
        this.pool = pool;
        this.backgroundPool = backgroundPool;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
        this.liveNode = config.kafka().nodeId() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts everything; blocks until the server listens. Call from a plain thread, never an event loop. */
    public static Application start(AppConfig config) throws Exception {
        return start(config, Clock.systemUTC());
    }

    /** Starts everything with {@code clock} driving the job queue's schedule (tests pass a controllable one). */
    public static Application start(AppConfig config, Clock clock) throws Exception {
        EmbeddedDatabase embedded = config.db().embedded() ? EmbeddedDatabase.start(config.db().dataDir(), true) : null;
        try {
            DatabaseUrl owner = embedded != null ? embedded.url() : config.db().url();
            DatabaseBootstrap.PoolTarget target = DatabaseBootstrap.prepare(owner, config.db(), embedded != null);
            SecretBox secretBox = SecretKeys.load(config.secrets());
            SecretsKeyCheck.verify(owner, secretBox, SecretKeys.setting(config.secrets()));

            PrometheusMeterRegistry registry = Metrics.newRegistry();
            // epoll where the platform has it (fewer copies and system calls per socket write than NIO)
            VertxOptions options = Metrics.withMetrics(new VertxOptions().setEventLoopPoolSize(config.http().instances())
                    .setPreferNativeTransport(true));
            Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
            if (!vertx.isNativeTransportEnabled()) {
                log.info("native transport unavailable, using NIO [cause: {}]", String.valueOf(vertx.unavailableNativeTransportCause()));
            }
            // The embedded database on this machine is reached through its Unix socket (epoll only: NIO has no client for one).
            DatabaseBootstrap.PoolTarget reached = embedded != null && embedded.socketDirectory() != null
                    && vertx.isNativeTransportEnabled() ? target.throughSocket(embedded.socketDirectory()) : target;
            Pool pool = PoolFactory.create(vertx, reached, config.db().poolSize());
            Pool backgroundPool = PoolFactory.create(vertx, reached, config.db().backgroundPoolSize(),
                    PoolFactory.BACKGROUND_POOL_NAME);
            Application app = new Application(config, embedded, vertx, pool, backgroundPool, registry,
                    new TenantBus(vertx, registry), clock, secretBox);
            await(app.deploy());
            log.info("switchboard started [port: {}, event loops: {}, transport: {}, database: {}]", config.http().port(),
                    config.http().instances(), vertx.isNativeTransportEnabled() ? "epoll" : "nio",
                    embedded != null ? "embedded" : target.url());
            return app;
        } catch (Exception | Error e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private Future<Void> deploy() throws Exception {
        Db db = new Db(pool);
        // the relay, the log's consumers, the audit chainer, the job worker and the sweeper: never behind requests
        Db background = new Db(backgroundPool);
        Outbox outbox = new Outbox(vertx);
        // Built on this (non event-loop) thread: constructing every component loads hundreds of classes.
        List<SigningKey> keys = await(SigningKeys.load(vertx, db, config.auth()));
        AccessTokens tokens = new AccessTokens(vertx, keys, config.auth());
        AccessCache access = new AccessCache(db, ACCESS_CACHE_TTL);
        boolean forwarded = config.http().trustForwardedFor();
        SessionStatus sessions = new SessionStatus(db, ACCESS_CACHE_TTL);
        ApiKeys apiKeys = new ApiKeys(db, access, ACCESS_CACHE_TTL);
        Authenticator authenticator = new Authenticator(tokens, access, sessions, forwarded, apiKeys);
        AccessChanges accessChanges = new AccessChanges(sessions, access, apiKeys);
        Passwords passwords = new Passwords(vertx, new PasswordHasher());

        LimitsConfig limits = config.limits();
        RequestBudget budget = new RequestBudget(db, new RequestBudgetSettings(limits.userRequests(), (int) limits.userWindow().toSeconds(),
                limits.organizationRequests(), (int) limits.organizationWindow().toSeconds()), limits.maxRequestsPerSecond(), registry, clock);
        ApiRoutes routes = new ApiRoutes(authenticator, budget, new Idempotency(db, liveNode, config.outbox().leaseTtl()));
        Changes changes = new Changes(outbox);
        Records records = new Records();

        AuthService auth = new AuthService(db, passwords, tokens, changes, sessions, config.auth(), registry);
        UserService users = new UserService(db, changes, access);
        TeamService teams = new TeamService(db, changes, access);

        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new OperationsEndpoint(pool, registry));
        endpoints.add(new OpenApiEndpoint(() -> openApi));
        endpoints.add(new AuthEndpoint(auth, tokens, routes,
                new RateLimiter("login", config.limits().loginPerMinute(), Duration.ofMinutes(1), registry),
                new RateLimiter("register", config.limits().registerPerMinute(), Duration.ofMinutes(1), registry),
                forwarded, config.auth().secureCookies(), config.auth().refreshTokenTtl()));
        endpoints.add(new UserEndpoint(users, routes));
        endpoints.add(new TeamEndpoint(teams, routes));
        endpoints.add(new AuditEndpoint(new AuditService(db), routes));
        // contacts and notes (their phone, region and HTML tables load on a worker before the server listens)
        Future<Void> contactsReady = vertx.executeBlocking(() -> {
            ContactNormalizer.warmUp();
            NoteHtml.warmUp();
            return null;
        });
        CustomFieldService customFields = new CustomFieldService(db, changes);
        ContactService contacts = new ContactService(db, changes, customFields);
        records.register(new ContactAccess(contacts));
        endpoints.add(new ContactEndpoint(contacts, new DuplicateMergeService(db, changes), routes));
        NoteService notes = new NoteService(db, changes, records);
        records.register(new NoteAccess(notes));
        endpoints.add(new NoteEndpoint(notes, routes));
        // end contacts and notes

        // tasks
        records.register(new TaskAccess(db));
        TaskService tasks = new TaskService(vertx, db, changes, records, customFields);
        endpoints.add(new TaskEndpoint(tasks, new TaskActivityService(db, changes), routes));
        // end tasks

        // calendar
        records.register(new AppointmentAccess(db));
        endpoints.add(new AppointmentEndpoint(new AppointmentService(db, changes, records), new CalendarService(db), routes));
        // end calendar

        // cases
        References caseReferences = new References(records);
        CaseWrites caseWrites = new CaseWrites(changes);
        PipelineService pipelines = new PipelineService(db, changes);
        endpoints.add(new PipelineEndpoint(pipelines, routes));
        endpoints.add(new QueueEndpoint(new QueueService(db, changes, caseReferences), routes));
        CaseService cases = new CaseService(db, pipelines, caseReferences, caseWrites, customFields);
        endpoints.add(new CaseEndpoint(cases, routes));
        CaseAssignmentService caseAssignments = new CaseAssignmentService(db, caseWrites);
        endpoints.add(new CaseActionEndpoint(new CaseStatusService(db, pipelines, caseWrites), caseAssignments, routes));
        records.register(new CaseRecordAccess(db));
        // end cases
        // custom fields, metadata and saved views
        endpoints.add(new CustomFieldEndpoint(customFields, new Metadata(customFields, pipelines), routes));
        endpoints.add(new SavedViewEndpoint(new SavedViewService(db, changes), routes));
        // end custom fields, metadata and saved views


        // realtime (across nodes through Kafka when configured)
        cluster = config.kafka().enabled() ? new KafkaLink(vertx, config.kafka(), registry) : new LocalLink(config.kafka().nodeId());
        clusterEvents = new ClusterEvents(bus, cluster);
        realtime = new RealtimeGateway(vertx, db, authenticator, records, routes, config.realtime(), forwarded, registry,
                cluster, config.kafka());
        endpoints.addAll(realtime.endpoints());
        realtime.follow(accessChanges);
        // end realtime
        // automation: job queue, email, outbound webhooks
        JobHandlers jobHandlers = new JobHandlers(new Backoff(config.jobs().maxAttempts(), config.jobs().backoffBase(),
                config.jobs().backoffCap()));
        JobQueue jobQueue = new JobQueue(vertx, jobHandlers, clock);
        WebClient webClient = WebClient.create(vertx);
        IntegrationService integrations = new IntegrationService(db, changes, secretBox);
        ResendClient resend = new ResendClient(webClient, config.email());

        // conversations and notifications (replies in email conversations go out through the job queue)
        records.register(new ConversationAccess(db));
        Snoozes snoozes = new Snoozes(db, changes, clock);
        jobHandlers.register(Snoozes.KIND, snoozes);
        jobHandlers.register(SendMessageHandler.KIND, new SendMessageHandler(db, changes, contacts, resend, integrations::resendApiKey));
        ConversationService conversations = new ConversationService(db, changes, records, jobQueue, customFields);
        endpoints.add(new ConversationEndpoint(conversations, routes));
        MessageService messages = new MessageService(db, changes, jobQueue, snoozes, MessageIds.domain(config.email()));
        endpoints.add(new MessageEndpoint(messages, routes));
        // labels: managed per organization, applied to contacts, cases and conversations under their write rules;
        // bulk changes of cases, tasks and conversations; CSV exports of contacts and cases
        LabelService labels = new LabelService(db, changes, records, (conn, p, type, id) -> switch (type) {
            case CONTACT -> contacts.requireWritable(conn, p, id);
            case CASE -> cases.requireWritable(conn, p, id);
            case CONVERSATION -> conversations.requireWritable(conn, p, id);
        });
        endpoints.add(new LabelEndpoint(labels, routes));
        endpoints.add(new BulkEndpoint(List.of(new CaseBulk(db, pipelines, caseWrites, labels), new TaskBulk(db, tasks),
                new ConversationBulk(db, conversations, labels)), routes));
        endpoints.add(new ExportEndpoint(List.of(new ContactCsv(contacts), new CaseCsv(cases)), routes));
        // end labels, bulk changes and exports
        // CSV imports: uploads spooled next to the attachments, under the same size limit, and run as jobs
        endpoints.add(new Imports(vertx, db, changes, jobQueue, jobHandlers, routes, List.of(new ContactImport(contacts),
                new CaseImport(cases, pipelines, contacts::readableIdsByEmail)),
                config.attachments().dir().resolveSibling("imports"), config.attachments().maxBytes()).endpoint());
        // end CSV imports
        NotificationService notifications = new NotificationService(db, changes);
        endpoints.add(new NotificationEndpoint(notifications, routes));
        // end conversations and notifications
        // search across records, each type read by its own record rule
        endpoints.add(new SearchEndpoint(new SearchService(db, records, List.of(new ContactSearch(), new CaseSearch(), new TaskSearch(),
                new NoteSearch(), new AppointmentSearch(), new ConversationSearch(), new MessageSearch())), routes));
        endpoints.add(new JobEndpoint(new JobService(db, changes, clock), routes));
        OutboundAddresses outbound = new OutboundAddresses(vertx, config.outbound());
        TemplateRenderer renderer = new TemplateRenderer();
        EmailLog emailLog = new EmailLog(db, clock);
        jobHandlers.register(SendEmailHandler.KIND, new SendEmailHandler(db, renderer, resend, emailLog, integrations::resendApiKey));
        EmailTemplateService emailTemplates = new EmailTemplateService(db, changes, renderer);
        endpoints.add(new EmailTemplateEndpoint(emailTemplates, routes));
        jobHandlers.register(NotificationEmailHandler.KIND,
                new NotificationEmailHandler(db, emailTemplates, renderer, resend, emailLog, integrations::resendApiKey));
        EmailService emails = new EmailService(db, changes, jobQueue, clock);
        endpoints.add(new EmailEndpoint(emails, routes));
        jobHandlers.register(DeliverWebhookHandler.KIND,
                new DeliverWebhookHandler(db, webClient, changes, clock, config.webhooks().timeout(), secretBox, outbound));
        WebhookEndpointService webhookEndpoints = new WebhookEndpointService(db, changes, secretBox, outbound);
        endpoints.add(new WebhookEndpointRoutes(webhookEndpoints, routes));
        JobMetrics jobMetrics = new JobMetrics(registry, jobHandlers);
        // end automation

        // accounts: invites, own account, password reset, API keys, organization settings
        ResendClient accountMail = new ResendClient(webClient, config.email());
        AccountEmails accountEmails = new AccountEmails(jobQueue, secretBox,
                (tenantId, key, to, subject, html) -> integrations.resendApiKey(tenantId).compose(apiKey ->
                        accountMail.send(new ResendClient.Outgoing(key, to, subject, html, List.of()), apiKey)), emailLog,
                tenantId -> config.email().from() == null ? Future.succeededFuture(false)
                        : config.email().resendApiKey() != null ? Future.succeededFuture(true)
                        : integrations.resendApiKey(tenantId).map(apiKey -> apiKey != null),
                config.auth().appUrl());
        jobHandlers.register(AccountEmails.KIND, accountEmails);
        InviteService invites = new InviteService(db, auth, passwords, changes, config.auth().inviteTtl(), records, accountEmails);
        endpoints.add(new InviteEndpoint(invites, routes, forwarded));
        endpoints.add(new AccountEndpoint(new AccountService(db, passwords, changes, sessions, access, accountEmails,
                config.auth().passwordResetTtl()), routes,
                new RateLimiter("password_reset", limits.passwordResetPerHour(), Duration.ofHours(1), registry), forwarded));
        endpoints.add(new ApiKeyEndpoint(new ApiKeyService(db, changes, apiKeys), routes));
        endpoints.add(new OrganizationEndpoint(new OrganizationService(db, changes, budget), routes));
        // end accounts

        // enterprise identity: single sign-on, SCIM provisioning, group mappings
        endpoints.addAll(new Identity(db, changes, access, routes, forwarded, auth, secretBox, webClient, outbound,
                new RateLimiter("sso", config.limits().loginPerMinute(), Duration.ofMinutes(1), registry)).endpoints());
        // end enterprise identity

        // timeline
        Timeline timeline = new Timeline(db, bus, records, routes, registry, changes, jobQueue, jobHandlers, cluster);
        endpoints.add(timeline.endpoint());
        // end timeline
        // attachments (files of received email are stored like uploads)
        Attachments attachments = new Attachments(vertx, db, changes, records, new MessageAccess(db), routes, config.attachments(), outbound);
        // webhook ingestion and integration settings
        endpoints.add(new IntegrationEndpoint(integrations, routes));
        WebhookIngestion.Effects effects = new WebhookIngestion.Effects(integrations, contacts, cases,
                new InboundEmails(changes, snoozes, customFields), emails, new MessageDeliveries(changes), attachments.inbound());
        WebhookIngestion ingestion = new WebhookIngestion(vertx, db, changes, jobQueue, jobHandlers, routes, config.webhooks(),
                config.email(), webClient, effects, secretBox, clock);
        endpoints.addAll(ingestion.endpoints());
        // end webhook ingestion and integration settings

        // workflows
        ActionPorts workflowPorts = new ActionPorts(new TaskAutomation(tasks), new NoteAutomation(notes), cases,
                caseAssignments, emails, webhookEndpoints, jobQueue);
        Workflows workflows = new Workflows(db, bus, changes, jobQueue, jobHandlers, workflowPorts, routes, config.workflows(), registry,
                clock);
        endpoints.add(workflows.endpoint());
        // end workflows

        // AI assist, bring your own key (classification of inbound messages runs as a log consumer and jobs)
        AiAssist ai = new AiAssist(vertx, db, changes, secretBox, outbound, webClient, config.ai(), registry, clock,
                new AiAssist.Ports(cases, notes, conversations, messages, records, jobQueue), jobHandlers, routes);
        endpoints.addAll(ai.endpoints());
        // end AI assist

        // attachments and canned responses
        endpoints.add(attachments.endpoint());
        endpoints.add(new CannedResponseEndpoint(new CannedResponseService(db, changes, renderer, RenderSources.of(
                (p, id) -> contacts.get(p, id).map(Contact::toJson), (p, id) -> conversations.get(p, id).map(Conversation::toJson))), routes));
        // end attachments and canned responses

        // the event log's work consumers, and the events they parked
        WebhookFanout webhookFanout = new WebhookFanout(db, jobQueue);
        List<LogConsumer> consumers = List.of(new NotificationsConsumer(changes,
                config.email().from() != null ? jobQueue : null, registry), timeline.consumer(), webhookFanout,
                workflows.events(), ingestion.consumer(), ai.consumer());
        EventTail eventTail = new EventTail(EventTail.DEFAULT_CAPACITY);
        eventConsumers = new EventConsumers(background, bus, consumers, config.outbox(), liveNode, new ConsumerMetrics(registry), eventTail);
        endpoints.add(new ParkedEventEndpoint(new ParkedEventService(db, changes, consumers), routes));
        // end event log consumers

        this.endpoints = List.copyOf(endpoints);
        // Reads and merges every endpoint's fragment from the classpath, and indexes the result for the input
        // boundary: a worker's job, not an event loop's.
        Future<InputBoundary> documented = vertx.executeBlocking(() -> {
            openApi = OpenApiDocument.of(this.endpoints);
            return InputBoundary.of(openApi.document(), this.endpoints);
        });

        WorkerMetrics relayMetrics = OutboxRelay.metrics(registry);
        // The log's consumers listen before the relay's first batch, so no announcement is missed.
        return Future.all(contactsReady, documented, PlaintextSecrets.sealAll(db, secretBox))
                .compose(ready -> vertx.deployVerticle(() -> workflows.sweeper(background), new DeploymentOptions()))
                .compose(id -> {
                    automationDeployments.add(id);
                    return cluster.start();
                })
                .compose(v -> clusterEvents.start())
                .compose(v -> vertx.deployVerticle(timeline::invalidator, new DeploymentOptions()))
                .compose(id -> {
                    invalidatorDeployment = id;
                    return vertx.deployVerticle(eventConsumers);
                })
                .compose(id -> {
                    consumersDeployment = id;
                    return accessChanges.listen(bus).completion().compose(v -> realtime.start(bus));
                })
                .compose(v -> vertx.deployVerticle(() -> new OutboxRelay(background, bus, config.outbox(), relayMetrics, eventTail), new DeploymentOptions()))
                .compose(id -> {
                    relayDeployment = id;
                    WorkerMetrics chainMetrics = AuditChainer.metrics(registry);
                    return vertx.deployVerticle(() -> new AuditChainer(background, config.outbox().pollInterval(), chainMetrics),
                            new DeploymentOptions());
                })
                .compose(id -> {
                    chainerDeployment = id;
                    return vertx.deployVerticle(() -> new EventLogPruner(background, config.outbox().retention()), new DeploymentOptions());
                })
                .compose(id -> {
                    automationDeployments.add(id);
                    return vertx.deployVerticle(() -> new JobWorker(background, jobHandlers, jobMetrics, clock, config.jobs(), liveNode,
                            config.outbox().leaseTtl()), new DeploymentOptions());
                })
                .compose(id -> {
                    // the job worker stops first on shutdown, releasing claimed jobs while the pool is still open
                    automationDeployments.add(0, id);
                    InputBoundary boundary = documented.result();
                    return vertx.deployVerticle(() -> new HttpServerVerticle(config.http(), endpoints, boundary),
                            new DeploymentOptions().setInstances(config.http().instances()));
                })
                .map(id -> {
                    httpDeployment = id;
                    return null;
                });
    }

    /** Whether this node's event consumers have passed every committed event (see {@link EventConsumers#caughtUp}). */
    public Future<Boolean> eventsApplied() {
        return eventConsumers.caughtUp();
    }

    /** This run's name in the event log's node liveness, recorded on the jobs and idempotency keys it holds. */
    public String node() {
        return liveNode;
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    public TenantBus bus() {
        return bus;
    }

    /** This node's link to the other nodes (a {@link LocalLink} without Kafka). */
    public ClusterLink cluster() {
        return cluster;
    }

    /** Every mounted endpoint, in mounting order. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public int port() {
        return config.http().port();
    }

    /**
     * Graceful shutdown: stop accepting and drain in-flight requests, stop the relay, close the pool and
     * Vert.x, then the embedded database. Blocking.
     */
    @Override
    public void close() {
        log.info("switchboard stopping");
        try {
            if (realtime != null) {
                await(realtime.close());
            }
            if (httpDeployment != null) {
                await(vertx.undeploy(httpDeployment));
            }
            for (String automation : automationDeployments) {
                await(vertx.undeploy(automation));
            }
            for (String worker : new String[] {relayDeployment, chainerDeployment, consumersDeployment}) {
                if (worker != null) {
                    await(vertx.undeploy(worker));
                }
            }
            if (clusterEvents != null) {
                await(clusterEvents.stop());
            }
            if (cluster != null) {
                await(cluster.close());
            }
            if (invalidatorDeployment != null) {
                await(vertx.undeploy(invalidatorDeployment));
            }
            await(pool.close());
            await(backgroundPool.close());
            await(vertx.close());
        } catch (Exception e) {
            log.warn("error during shutdown", e);
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                log.warn("error stopping the embedded database", e);
            }
        }
        log.info("switchboard stopped");
    }

    private static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
