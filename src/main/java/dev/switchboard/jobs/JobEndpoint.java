package dev.switchboard.jobs;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code /api/v1/jobs}: the organization's background jobs, and retrying dead ones. */
public final class JobEndpoint implements Endpoint {

    private static final Set<String> STATUSES = Set.of(Job.QUEUED, Job.RUNNING, Job.SUCCEEDED, Job.DEAD);

    private final JobService jobs;
    private final ApiRoutes routes;

    public JobEndpoint(JobService jobs, ApiRoutes routes) {
        this.jobs = jobs;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/jobs", this::list);
        routes.get(router, "/api/v1/jobs/:id", this::get);
        routes.post(router, "/api/v1/jobs/:id/retry", this::retry);
    }

    @Override
    public String openApiFragment() {
        return "openapi/jobs.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, true);
        String status = ctx.queryParams().get("status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of queued, running, succeeded, dead");
        }
        Responses.replyPage(ctx, jobs.list(Principal.of(ctx), status, page), page, Job::toJson, Job::id);
    }

    private void get(RoutingContext ctx) {
        Responses.reply(ctx, jobs.get(Principal.of(ctx), Requests.pathId(ctx, "id", "job")), Job::toJson);
    }

    private void retry(RoutingContext ctx) {
        Responses.reply(ctx, jobs.retry(Principal.of(ctx), Requests.pathId(ctx, "id", "job")), Job::toJson);
    }
}
