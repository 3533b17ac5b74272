package dev.switchboard.calendar;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code /api/v1/appointments} and the organization calendar at {@code /api/v1/calendar}. */
public final class AppointmentEndpoint implements Endpoint {

    private static final String APPOINTMENTS = "/api/v1/appointments";
    static final Duration MAX_RANGE = Duration.ofDays(62);

    private final AppointmentService appointments;
    private final CalendarService calendar;
    private final ApiRoutes routes;

    public AppointmentEndpoint(AppointmentService appointments, CalendarService calendar, ApiRoutes routes) {
        this.appointments = appointments;
        this.calendar = calendar;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, APPOINTMENTS, this::list);
        routes.post(router, APPOINTMENTS, this::create);
        routes.get(router, APPOINTMENTS + "/:id", this::get);
        routes.patch(router, APPOINTMENTS + "/:id", this::update);
        routes.delete(router, APPOINTMENTS + "/:id", this::delete);
        routes.post(router, APPOINTMENTS + "/:id/cancel", this::cancel);
        routes.post(router, APPOINTMENTS + "/:id/respond", this::respond);
        routes.get(router, "/api/v1/calendar", this::calendar);
    }

    @Override
    public String openApiFragment() {
        return "openapi/calendar.json";
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, false);
        boolean includeCancelled = Requests.queryFlag(ctx, "includeCancelled");
        Responses.replyPage(ctx, appointments.list(Principal.of(ctx), includeCancelled, page), page, Appointment::toJson,
                Appointment::id);
    }

    private void create(RoutingContext ctx) {
        AppointmentFields fields = AppointmentRequests.create(Requests.jsonBody(ctx));
        Responses.replyCreated(ctx, appointments.create(Principal.of(ctx), fields), Appointment::toJson);
    }

    private void get(RoutingContext ctx) {
        reply(ctx, appointments.get(Principal.of(ctx), appointmentId(ctx)));
    }

    private void update(RoutingContext ctx) {
        UUID id = appointmentId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        AppointmentPatch patch = AppointmentRequests.patch(body);
        reply(ctx, appointments.update(Principal.of(ctx), id, patch, ExpectedVersion.of(ctx, body)));
    }

    private void delete(RoutingContext ctx) {
        UUID id = appointmentId(ctx);
        Responses.replyNoContent(ctx, appointments.cancel(Principal.of(ctx), id, ExpectedVersion.of(ctx, null)));
    }

    private void cancel(RoutingContext ctx) {
        UUID id = appointmentId(ctx);
        JsonObject body = Requests.optionalJsonBody(ctx);
        reply(ctx, appointments.cancel(Principal.of(ctx), id, ExpectedVersion.of(ctx, body)));
    }

    private void respond(RoutingContext ctx) {
        UUID id = appointmentId(ctx);
        String response = AppointmentRequests.response(Requests.jsonBody(ctx));
        reply(ctx, appointments.respond(Principal.of(ctx), id, response));
    }

    private void calendar(RoutingContext ctx) {
        Pages page = Pages.of(ctx);
        JsonObject query = new JsonObject().put("from", ctx.queryParams().get("from")).put("to", ctx.queryParams().get("to"));
        Validator v = new Validator(query);
        OffsetDateTime from = v.requiredTimestamp("from");
        OffsetDateTime to = v.requiredTimestamp("to");
        v.check();
        if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiException.invalid("to", "must be after from, at most " + MAX_RANGE.toDays() + " days later");
        }
        Responses.replyPage(ctx, calendar.range(Principal.of(ctx), from, to, page), page, CalendarEntry::toJson, CalendarEntry::id);
    }

    private static UUID appointmentId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "appointment");
    }

    private static void reply(RoutingContext ctx, Future<Appointment> appointment) {
        Responses.replyVersioned(ctx, appointment, a -> a.toJson(), a -> a.version());
    }
}
