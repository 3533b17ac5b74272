package dev.switchboard.auth;

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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Idempotency-Key} on POST: the first response (2xx or 4xx) to a key is kept for 24 hours and
 * replayed, marked {@code Idempotent-Replayed: true}, to retries of the same request. The same key with
 * a different request answers 422; a retry while the first is still running answers 409, also after the request
 * timeout answered the first one 503 while its work went on: the key waits for that work's own answer. A 5xx
 * outcome frees the key so the client may retry.
 */
public final class Idempotency implements Handler<RoutingContext> {

    public static final String HEADER = "Idempotency-Key";
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final Db db;

    public Idempotency(Db db) {
        this.db = db;
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
        db.inTenant(p.tenantId(), conn -> IdempotencyStore.claim(conn, p.tenantId(), p.userId(), key, hash)
                        .compose(claimed -> claimed
                                ? Future.succeededFuture((IdempotencyStore.Existing) null)
                                : IdempotencyStore.find(conn, p.tenantId(), p.userId(), key)
                                        // freed by a failed first attempt in the meantime: ask the client to retry
                                        .map(e -> e != null ? e : new IdempotencyStore.Existing(hash, null, null, null))))
                .onSuccess(existing -> {
                    if (existing == null) {
                        ResponseRecorder.attach(ctx, (status, contentType, body) -> keep(p, key, status, contentType, body));
                        // A request that ends without a recorded answer (the client went away) frees its key; one the
                        // request timeout answered keeps it until its work's own answer is recorded.
                        ctx.addEndHandler(ended -> {
                            if (ctx.get(ResponseRecorder.CONTEXT_KEY) != null && ctx.get(RequestTimeout.TIMED_OUT) == null) {
                                keep(p, key, 500, null, null);
                            }
                        });
                        ctx.next();
                    } else {
                        answer(ctx, existing, hash);
                    }
                })
                .onFailure(ctx::fail);
    }

    private void answer(RoutingContext ctx, IdempotencyStore.Existing existing, byte[] hash) {
        if (!MessageDigest.isEqual(existing.requestHash(), hash)) {
            ctx.fail(new ApiException(422, "idempotency-key-reused", "Unprocessable content",
                    "this Idempotency-Key was used for a different request"));
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

    private Future<Void> keep(Principal p, String key, int status, String contentType, Buffer body) {
        UUID tenant = p.tenantId();
        return (status >= 500
                ? db.inTenant(tenant, conn -> IdempotencyStore.release(conn, tenant, p.userId(), key))
                : db.inTenant(tenant, conn -> IdempotencyStore.complete(conn, tenant, p.userId(), key, status, body, contentType)))
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
