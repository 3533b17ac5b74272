package dev.switchboard.tasks;

import dev.switchboard.fields.CustomFieldFilter;
import dev.switchboard.fields.CustomFieldSort;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** {@code /api/v1/tasks}: tasks, their comments and time logs. */
public final class TaskEndpoint implements Endpoint {

    private static final String TASKS = "/api/v1/tasks";

    private final TaskService tasks;
    private final TaskActivityService activity;
    private final ApiRoutes routes;

    public TaskEndpoint(TaskService tasks, TaskActivityService activity, ApiRoutes routes) {
        this.tasks = tasks;
        this.activity = activity;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, TASKS, this::list);
        routes.post(router, TASKS, this::create);
        routes.get(router, TASKS + "/:id", this::get);
        routes.patch(router, TASKS + "/:id", this::update);
        routes.delete(router, TASKS + "/:id", this::delete);
        routes.get(router, TASKS + "/:id/comments", this::comments);
        routes.post(router, TASKS + "/:id/comments", this::comment);
        routes.get(router, TASKS + "/:id/time-logs", this::timeLogs);
        routes.post(router, TASKS + "/:id/time-logs", this::logTime);
    }

    @Override
    public String openApiFragment() {
        return "openapi/tasks.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, false, CustomFieldFilter.PREFIX);
        TaskFilter filter = TaskRequests.filter(ctx);
        Responses.replyPage(ctx, tasks.list(Principal.of(ctx), filter, ctx.queryParams(), page), page, Task::toJson, Task::id,
                t -> CustomFieldSort.value(page, t.customFields()));
    }

    private void create(RoutingContext ctx) {
        TaskFields fields = TaskRequests.create(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, tasks.create(Principal.of(ctx), fields), Task::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, tasks.get(Principal.of(ctx), taskId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = taskId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        TaskPatch patch = TaskRequests.patch(body);
        reply(ctx, tasks.update(Principal.of(ctx), id, patch, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        Responses.replyNoContent(ctx, tasks.delete(Principal.of(ctx), taskId(ctx)));
    }

    private void comments(RoutingContext ctx) {
        UUID id = taskId(ctx);
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, activity.comments(Principal.of(ctx), id, page), page, TaskComment::toJson, TaskComment::id);
    }

    private void comment(RoutingContext ctx) {
        UUID id = taskId(ctx);
        String body = TaskRequests.comment(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, activity.comment(Principal.of(ctx), id, body), TaskComment::toJson);
    }

    private void timeLogs(RoutingContext ctx) {
        UUID id = taskId(ctx);
        Pages page = Pages.of(ctx);
        Responses.replyPage(ctx, activity.timeLogs(Principal.of(ctx), id, page), page, TaskTimeLog::toJson, TaskTimeLog::id);
    }

    private void logTime(RoutingContext ctx) {
        UUID id = taskId(ctx);
        TaskTimeLog.Input input = TaskRequests.timeLog(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, activity.logTime(Principal.of(ctx), id, input), TaskTimeLog::toJson);
    }

    private static UUID taskId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "task");
    }

    private static void reply(RoutingContext ctx, Future<Task> task) {
        Responses.replyVersioned(ctx, task, t -> t.toJson(), t -> t.version());
    }
}
