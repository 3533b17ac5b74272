package dev.switchboard.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.switchboard.load.webhooks.WebhookSigner;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * WebhookBurst: correctly signed Resend (Svix) and Meta deliveries at rising open-model rates, with a share of
 * redeliveries of earlier events (duplicates, answered 200 and stored once). Before the run it registers an
 * organization and gives it the Resend signing secret; Meta leads name a page no organization has (stored as
 * unroutable), so the Meta share exercises verification and the inbox without a Graph API.
 *
 * <p>System properties: {@code baseUrl} (http://127.0.0.1:8080), {@code metaAppSecret} (the server's
 * SWITCHBOARD_WEBHOOKS_META_APP_SECRET), {@code startRate} (events/s, 500), {@code step} (500), {@code levels} (6),
 * {@code levelSeconds} (20), {@code rampSeconds} (5), {@code metaShare} (0.2), {@code duplicateShare} (0.1),
 * {@code p99Ms} (20).
 */
public class WebhookBurst extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final String META_SECRET = System.getProperty("metaAppSecret", "load-test-meta-app-secret");
    private static final double START = Double.parseDouble(System.getProperty("startRate", "500"));
    private static final double STEP = Double.parseDouble(System.getProperty("step", "500"));
    private static final int LEVELS = Integer.getInteger("levels", 6);
    private static final int LEVEL_SECONDS = Integer.getInteger("levelSeconds", 20);
    private static final int RAMP_SECONDS = Integer.getInteger("rampSeconds", 5);
    private static final double META_SHARE = Double.parseDouble(System.getProperty("metaShare", "0.2"));
    private static final double DUPLICATE_SHARE = Double.parseDouble(System.getProperty("duplicateShare", "0.1"));
    private static final int P99_MS = Integer.getInteger("p99Ms", 20);

    /** Recent Resend deliveries, redelivered as duplicates. */
    private static final AtomicReferenceArray<String[]> RECENT = new AtomicReferenceArray<>(1024);
    private static final AtomicLong SENT = new AtomicLong();
    private static final String SECRET = WebhookSigner.newSecret();
    private static final String PAGE = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L));

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL).contentTypeHeader("application/json").shareConnections();

    private final ChainBuilder resend = io.gatling.javaapi.core.CoreDsl.exec(WebhookBurst::resendDelivery)
            .exec(http("resend").post("/webhooks/resend").body(StringBody("#{body}"))
                    .header("svix-id", "#{id}").header("svix-timestamp", "#{ts}").header("svix-signature", "#{signature}")
                    .check(status().is(200)));

    private final ChainBuilder meta = io.gatling.javaapi.core.CoreDsl.exec(WebhookBurst::metaDelivery)
            .exec(http("meta").post("/webhooks/meta").body(StringBody("#{body}")).header("X-Hub-Signature-256", "#{signature}")
                    .check(status().is(200)));

    private final ScenarioBuilder burst = scenario("WebhookBurst").exec(randomSwitch().on(
            new io.gatling.javaapi.core.Choice.WithWeight(META_SHARE * 100, meta),
            new io.gatling.javaapi.core.Choice.WithWeight((1 - META_SHARE) * 100, resend)));

    {
        setUp(burst.injectOpen(incrementUsersPerSec(STEP).times(LEVELS).eachLevelLasting(Duration.ofSeconds(LEVEL_SECONDS))
                        .separatedByRampsLasting(Duration.ofSeconds(RAMP_SECONDS)).startingFrom(START)))
                .protocols(protocol)
                .assertions(global().failedRequests().count().is(0L), global().responseTime().percentile(99.0).lt(P99_MS));
    }

    @Override
    public void before() {
        HttpClient client = HttpClient.newHttpClient();
        String email = "burst-" + UUID.randomUUID() + "@example.test";
        String register = "{\"organizationName\":\"Webhook Burst\",\"email\":\"" + email + "\",\"password\":\"correct horse battery staple\","
                + "\"fullName\":\"Burst Admin\"}";
        String session = send(client, "/api/v1/auth/register", register, null);
        String token = session.replaceAll("(?s).*\"accessToken\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        send(client, "/api/v1/resend-signing-secrets", "{\"secret\":\"" + SECRET + "\"}", token);
    }

    private static String send(HttpClient client, String path, String body, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE_URL + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException("setup failed at " + path, e);
        }
    }

    private static Session resendDelivery(Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long n = SENT.incrementAndGet();
        String[] earlier = n > RECENT.length() && random.nextDouble() < DUPLICATE_SHARE ? RECENT.get(random.nextInt(RECENT.length())) : null;
        String id;
        String body;
        if (earlier != null) {
            id = earlier[0];
            body = earlier[1];
        } else {
            id = "msg_" + UUID.randomUUID();
            body = "{\"type\":\"email.delivered\",\"created_at\":\"" + Instant.now() + "\",\"data\":{\"email_id\":\"" + UUID.randomUUID()
                    + "\",\"to\":[\"someone@example.test\"],\"subject\":\"Burst\"}}";
            RECENT.set((int) (n % RECENT.length()), new String[] {id, body});
        }
        long ts = Instant.now().getEpochSecond();
        return session.set("id", id).set("ts", Long.toString(ts)).set("body", body).set("signature", WebhookSigner.svix(SECRET, id, ts, body));
    }

    private static Session metaDelivery(Session session) {
        String lead = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000_000L));
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE + "\",\"time\":" + Instant.now().getEpochSecond()
                + ",\"changes\":[{\"field\":\"leadgen\",\"value\":{\"leadgen_id\":\"" + lead + "\",\"page_id\":\"" + PAGE
                + "\",\"form_id\":\"77\",\"ad_id\":\"88\",\"adgroup_id\":\"88\",\"created_time\":" + Instant.now().getEpochSecond() + "}}]}]}";
        return session.set("body", body).set("signature", WebhookSigner.meta(META_SECRET, body));
    }
}
