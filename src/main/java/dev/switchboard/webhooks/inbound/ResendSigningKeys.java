package dev.switchboard.webhooks.inbound;

import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.secrets.SecretBox;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every organization's Resend signing secrets, decrypted, as Resend routing needs them for each request: read
 * at most once per {@link #TTL} (one refresh at a time), so acknowledging an event costs no extra round trip.
 * A secret added or removed takes effect within the TTL. An expired snapshot keeps serving while its refresh
 * runs, and after a refresh failed (a saturated pool, say): only the very first read makes requests wait.
 */
final class ResendSigningKeys {

    static final Duration TTL = Duration.ofSeconds(5);

    private record Snapshot(List<ResendSecretStore.Candidate> candidates, long readAtNanos) {
    }

    private final Db db;
    private final SecretBox box;
    private volatile Snapshot snapshot;
    private Future<List<ResendSecretStore.Candidate>> refreshing;

    ResendSigningKeys(Db db, SecretBox box) {
        this.db = db;
        this.box = box;
    }

    synchronized Future<List<ResendSecretStore.Candidate>> current() {
        Snapshot s = snapshot;
        long now = System.nanoTime();
        if (s != null && now - s.readAtNanos() < TTL.toNanos()) {
            return Future.succeededFuture(s.candidates());
        }
        if (refreshing == null) {
            refreshing = db.withoutTenant(ResendSecretStore::all).map(sealed -> {
                List<ResendSecretStore.Candidate> open = new ArrayList<>(sealed.size());
                sealed.forEach(c -> open.add(new ResendSecretStore.Candidate(c.tenantId(), box.open(c.secret()))));
                snapshot = new Snapshot(List.copyOf(open), now);
                return snapshot.candidates();
            }).onComplete(done -> clearRefresh());
        }
        return s != null ? Future.succeededFuture(s.candidates()) : refreshing;
    }

    /** Forgets the snapshot, so the next request reads the secrets again (after this node changed them). */
    void invalidate() {
        snapshot = null;
    }

    private synchronized void clearRefresh() {
        refreshing = null;
    }
}
