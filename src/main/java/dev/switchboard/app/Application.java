package dev.switchboard.app;

import dev.switchboard.auth.AccessTokens;
import dev.switchboard.auth.AuthEndpoint;
import dev.switchboard.auth.AuthService;
import dev.switchboard.auth.Authenticator;
import dev.switchboard.auth.Idempotency;
import dev.switchboard.auth.InviteEndpoint;
import dev.switchboard.auth.InviteService;
import dev.switchboard.auth.PasswordHasher;
import dev.switchboard.auth.SessionStatus;
import dev.switchboard.auth.Passwords;
import dev.switchboard.auth.SigningKeys;
import dev.switchboard.auth.UserEndpoint;
import dev.switchboard.auth.UserService;
import dev.switchboard.audit.AuditChainer;
import dev.switchboard.audit.AuditEndpoint;
import dev.switchboard.audit.AuditService;
import dev.switchboard.audit.Changes;
import dev.switchboard.email.EmailEndpoint;
import dev.switchboard.email.EmailService;
import dev.switchboard.email.EmailTemplateEndpoint;
import dev.switchboard.email.EmailTemplateService;
import dev.switchboard.email.ResendClient;
import dev.switchboard.email.SendEmailHandler;
import dev.switchboard.email.TemplateRenderer;
import dev.switchboard.jobs.Backoff;
import dev.switchboard.jobs.JobEndpoint;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobMetrics;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.jobs.JobService;
import dev.switchboard.jobs.JobWorker;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.AppConfig;
import dev.switchboard.platform.config.DatabaseUrl;
import dev.switchboard.platform.db.DatabaseBootstrap;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.db.EmbeddedDatabase;
import dev.switchboard.platform.db.PoolFactory;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.HttpServerVerticle;
import dev.switchboard.platform.http.OpenApiDocument;
import dev.switchboard.platform.http.OpenApiEndpoint;
import dev.switchboard.platform.http.OperationsEndpoint;
import dev.switchboard.platform.http.RateLimiter;
import dev.switchboard.platform.metrics.Metrics;
import dev.switchboard.platform.outbox.Outbox;
import dev.switchboard.platform.outbox.OutboxRelay;
import dev.switchboard.platform.worker.WorkerMetrics;
import dev.switchboard.tenancy.AccessCache;
import dev.switchboard.tenancy.Records;
import dev.switchboard.tenancy.TeamEndpoint;
import dev.switchboard.tenancy.TeamService;
import dev.switchboard.webhooks.outbound.DeliverWebhookHandler;
import dev.switchboard.webhooks.outbound.WebhookEndpointRoutes;
import dev.switchboard.webhooks.outbound.WebhookEndpointService;
import dev.switchboard.webhooks.outbound.WebhookFanout;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: prepares the database, creates Vert.x, the one pool, every store, service and
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
    private final PrometheusMeterRegistry registry;
    private final TenantBus bus;
    private final Clock clock;
    private OpenApiDocument openApi;
    private List<Endpoint> endpoints = List.of();
    private String httpDeployment;
    private String relayDeployment;
    private String chainerDeployment;
    private final List<String> automationDeployments = new ArrayList<>();

    private Application(AppConfig config, EmbeddedDatabase embedded, Vertx vertx, Pool pool, PrometheusMeterRegistry registry,
                        TenantBus bus, Clock clock) {
        this.config = config;
        this.embedded = embedded;
        this.vertx = vertx;
        this.pool = pool;
        this.registry = registry;
        this.bus = bus;
        this.clock = clock;
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

            PrometheusMeterRegistry registry = Metrics.newRegistry();
            VertxOptions options = Metrics.withMetrics(new VertxOptions().setEventLoopPoolSize(config.http().instances()));
            Vertx vertx = Vertx.builder().with(options).withMetrics(new MicrometerMetricsFactory(registry)).build();
            Pool pool = PoolFactory.create(vertx, target, config.db().poolSize());
            Application app = new Application(config, embedded, vertx, pool, registry, new TenantBus(vertx, registry), clock);
            await(app.deploy());
            log.info("switchboard started [port: {}, event loops: {}, database: {}]", config.http().port(),
                    config.http().instances(), embedded != null ? "embedded" : target.url());
            return app;
        } catch (Exception | Error e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private Future<Void> deploy() {
        Db db = new Db(pool);
        Outbox outbox = new Outbox(vertx);
        return SigningKeys.load(vertx, db, config.auth()).compose(keys -> {
            AccessTokens tokens = new AccessTokens(vertx, keys, config.auth());
            AccessCache access = new AccessCache(db, ACCESS_CACHE_TTL);
            boolean forwarded = config.http().trustForwardedFor();
            SessionStatus sessions = new SessionStatus(db, ACCESS_CACHE_TTL);
            Authenticator authenticator = new Authenticator(tokens, access, sessions, forwarded);
            Passwords passwords = new Passwords(vertx, new PasswordHasher());

            ApiRoutes routes = new ApiRoutes(authenticator, new Idempotency(db));
            Changes changes = new Changes(outbox);
            Records records = new Records();

            AuthService auth = new AuthService(db, passwords, tokens, changes, sessions, config.auth(), registry);
            InviteService invites = new InviteService(db, auth, passwords, changes, config.auth().inviteTtl());
            UserService users = new UserService(db, changes, access);
            TeamService teams = new TeamService(db, changes, access);

            List<Endpoint> endpoints = new ArrayList<>();
            endpoints.add(new OperationsEndpoint(pool, registry));
            endpoints.add(new OpenApiEndpoint(() -> openApi));
            endpoints.add(new AuthEndpoint(auth, tokens, routes,
                    new RateLimiter("login", config.limits().loginPerMinute(), Duration.ofMinutes(1), registry),
                    new RateLimiter("register", config.limits().registerPerMinute(), Duration.ofMinutes(1), registry),
                    forwarded, config.auth().secureCookies()));
            endpoints.add(new InviteEndpoint(invites, routes, forwarded));
            endpoints.add(new UserEndpoint(users, routes));
            endpoints.add(new TeamEndpoint(teams, routes));
            endpoints.add(new AuditEndpoint(new AuditService(db), routes));
            // automation: job queue, email, outbound webhooks
            JobHandlers jobHandlers = new JobHandlers(new Backoff(config.jobs().maxAttempts(), config.jobs().backoffBase(),
                    config.jobs().backoffCap()));
            JobQueue jobQueue = new JobQueue(vertx, jobHandlers, clock);
            endpoints.add(new JobEndpoint(new JobService(db, changes, clock), routes));
            WebClient webClient = WebClient.create(vertx);
            TemplateRenderer renderer = new TemplateRenderer();
            jobHandlers.register(SendEmailHandler.KIND,
                    new SendEmailHandler(db, renderer, new ResendClient(webClient, config.email()), clock));
            endpoints.add(new EmailTemplateEndpoint(new EmailTemplateService(db, changes, renderer), routes));
            endpoints.add(new EmailEndpoint(new EmailService(db, changes, jobQueue, clock), routes));
            jobHandlers.register(DeliverWebhookHandler.KIND,
                    new DeliverWebhookHandler(db, webClient, changes, clock, config.webhooks().timeout()));
            endpoints.add(new WebhookEndpointRoutes(new WebhookEndpointService(db, changes), routes));
            JobMetrics jobMetrics = new JobMetrics(registry, jobHandlers);
            // end automation

            openApi = OpenApiDocument.of(endpoints);
            this.endpoints = List.copyOf(endpoints);

            WorkerMetrics relayMetrics = OutboxRelay.metrics(registry);
            return vertx.deployVerticle(() -> new OutboxRelay(db, bus, config.outbox(), relayMetrics), new DeploymentOptions())
                    .compose(id -> {
                        relayDeployment = id;
                        WorkerMetrics chainMetrics = AuditChainer.metrics(registry);
                        return vertx.deployVerticle(() -> new AuditChainer(db, config.outbox().pollInterval(), chainMetrics),
                                new DeploymentOptions());
                    })
                    .compose(id -> {
                        chainerDeployment = id;
                        return vertx.deployVerticle(() -> new JobWorker(db, jobHandlers, jobMetrics, clock, config.jobs()),
                                new DeploymentOptions());
                    })
                    .compose(id -> {
                        automationDeployments.add(id);
                        return vertx.deployVerticle(() -> new WebhookFanout(db, bus, jobQueue), new DeploymentOptions());
                    })
                    .compose(id -> {
                        automationDeployments.add(0, id);
                        return vertx.deployVerticle(() -> new HttpServerVerticle(config.http(), endpoints),
                                new DeploymentOptions().setInstances(config.http().instances()));
                    })
                    .map(id -> {
                        httpDeployment = id;
                        return null;
                    });
        });
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
            if (httpDeployment != null) {
                await(vertx.undeploy(httpDeployment));
            }
            for (String automation : automationDeployments) {
                await(vertx.undeploy(automation));
            }
            for (String worker : new String[] {relayDeployment, chainerDeployment}) {
                if (worker != null) {
                    await(vertx.undeploy(worker));
                }
            }
            await(pool.close());
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
