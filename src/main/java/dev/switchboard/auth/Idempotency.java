package dev.switchboard.auth;

import dev.switchboard.platform.db.CommitMark;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.RequestTimeout;
import dev.switchboard.platform.http.ResponseRecorder;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on POST: the first response (2xx or 4xx) to a key is kept for 24 hours and
 * replayed, marked {@code Idempotent-Replayed: true}, to retries of the same request. The same key with
 * a different request answers 422; a retry while the first is still running answers 409, also after the request
 * timeout answered the first one 503 while its work went on: the key waits for that work's own answer. A 5xx
 * outcome frees the key so the client may retry.
 *
 * <p>The key records the node running its request, and the request's first write transaction marks it applied as
 * it commits. When that node dies (no longer live in the event log's node liveness) before the answer is kept, a
 * retry takes the key over and runs normally if the work never committed, and answers 409 idempotency-outcome-lost
 * if it did: the work is never done twice.
 */
public final class Idempotency implements Handler<RoutingContext> {

    public static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final Db db;
    private final String node;
    private final Duration nodeTtl;

    /**
     * @param node    this node's name in the event log's node liveness
     * @param nodeTtl how long a node not seen there counts as alive
     */
    public Idempotency(Db db, String node, Duration nodeTtl) {
        this.db = db;
        this.node = node;
        this.nodeTtl = nodeTtl;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String key = ctx.request().getHeader(HEADER);
        if (key == null) {
            ctx.next();
            return;
        }
        if (key.isBlank() || key.length() > 255) {
            throw ApiException.invalid(HEADER, "must be 1 to 255 characters");
        }
        Principal p = Principal.of(ctx);
        byte[] hash = requestHash(ctx);
        IdempotencyStore.Claim claim = new IdempotencyStore.Claim(p.tenantId(), p.userId(), key, node, UUID.randomUUID());
        db.inTenant(p.tenantId(), conn -> IdempotencyStore.claim(conn, claim, hash, nodeTtl)
                        .compose(claimed -> claimed
                                ? Future.succeededFuture((IdempotencyStore.Existing) null)
                                : IdempotencyStore.find(conn, claim, nodeTtl)
                                        // freed by a failed first attempt in the meantime: ask the client to retry
                                        .map(e -> e != null ? e : new IdempotencyStore.Existing(hash, null, null, null, false, false))))
                .onSuccess(existing -> {
                    if (existing == null) {
                        hold(ctx, claim);
                    } else {
                        answer(ctx, existing, hash);
                    }
                })
                .onFailure(ctx::fail);
    }

    /** Runs the request holding the key: its first commit marks the key applied, its answer is kept. */
    private void hold(RoutingContext ctx, IdempotencyStore.Claim claim) {
        CommitMark applied = new CommitMark(claim.tenantId(), IdempotencyStore.APPLIED, IdempotencyStore.applied(claim));
        applied.attach();
        ResponseRecorder.attach(ctx, (status, contentType, body) -> keep(applied, claim, status, contentType, body));
        // A request that ends without a recorded answer (the client went away) frees its key; one the
        // request timeout answered keeps it until its work's own answer is recorded.
        ctx.addEndHandler(ended -> {
            if (ctx.get(ResponseRecorder.CONTEXT_KEY) != null && ctx.get(RequestTimeout.TIMED_OUT) == null) {
                keep(applied, claim, 500, null, null);
            }
        });
        ctx.next();
    }

    private void answer(RoutingContext ctx, IdempotencyStore.Existing existing, byte[] hash) {
        if (!MessageDigest.isEqual(existing.requestHash(), hash)) {
            ctx.fail(new ApiException(422, "idempotency-key-reused", "Unprocessable content",
                    "this Idempotency-Key was used for a different request"));
        } else if (existing.status() == null && existing.applied() && existing.holderGone()) {
            ctx.fail(ApiException.conflict("idempotency-outcome-lost",
                    "the request with this Idempotency-Key was applied, but the server handling it stopped before its answer "
                            + "was kept; read the resource to see the outcome instead of retrying"));
        } else if (existing.status() == null) {
            ctx.fail(ApiException.conflict("idempotency-in-progress",
                    "a request with this Idempotency-Key is still being processed; retry shortly"));
        } else {
            ctx.response().setStatusCode(existing.status()).putHeader("Idempotent-Replayed", "true");
            if (existing.contentType() != null) {
                ctx.response().putHeader("Content-Type", existing.contentType());
            }
            ctx.response().end(existing.response() == null ? Buffer.buffer() : existing.response());
        }
    }

    private Future<Void> keep(CommitMark applied, IdempotencyStore.Claim claim, int status, String contentType, Buffer body) {
        applied.withdraw();
        UUID tenant = claim.tenantId();
        return (status >= 500
                ? db.inTenant(tenant, conn -> IdempotencyStore.release(conn, claim))
                : db.inTenant(tenant, conn -> IdempotencyStore.complete(conn, claim, status, body, contentType)))
                .onFailure(err -> log.warn("idempotency key not stored [tenant: {}]", tenant, err));
    }

    private static byte[] requestHash(RoutingContext ctx) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) ' ');
            sha.update(ctx.request().path().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            if (ctx.body() != null && ctx.body().buffer() != null) {
                sha.update(ctx.body().buffer().getBytes());
            }
            return sha.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
