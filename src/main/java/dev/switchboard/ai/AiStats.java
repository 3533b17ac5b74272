package dev.switchboard.ai;

import dev.switchboard.tenancy.Permission;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The organization's AI use for managers: this month's calls and tokens by feature and outcome, and reply-draft acceptance. */
final class AiStats {

    private final AiSettingsService settings;
    private final AiAccounting accounting;
    private final ReplyDrafts drafts;

    AiStats(AiSettingsService settings, AiAccounting accounting, ReplyDrafts drafts) {
        this.settings = settings;
        this.accounting = accounting;
        this.drafts = drafts;
    }

    /** 403 without {@code audit.read} (managers and admins). */
    Future<JsonObject> of(Principal p) {
        p.require(Permission.AUDIT_READ);
        return settings.forSystem(p.tenantId()).compose(s -> accounting.usage(p.tenantId(), s)
                .compose(usage -> drafts.stats(p.tenantId()).map(d -> usage.put("enabled", s.enabled()).put("replyDrafts", d))));
    }
}
