package dev.switchboard.fields;

import dev.switchboard.platform.error.ApiException;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.http.ExpectedVersion;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.platform.http.Requests;
import dev.switchboard.platform.http.Responses;
import dev.switchboard.platform.http.Validator;
import dev.switchboard.tenancy.Principal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** {@code /api/v1/custom-fields}: the organization's custom field definitions, and {@code /api/v1/metadata}. */
public final class CustomFieldEndpoint implements Endpoint {

    private final CustomFieldService fields;
    private final Metadata metadata;
    private final ApiRoutes routes;

    public CustomFieldEndpoint(CustomFieldService fields, Metadata metadata, ApiRoutes routes) {
        this.fields = fields;
        this.metadata = metadata;
        this.routes = routes;
    }

    @Override
    public void addRoutes(Router router) {
        routes.get(router, "/api/v1/metadata", this::metadata);
        routes.get(router, "/api/v1/custom-fields", this::list);
        routes.post(router, "/api/v1/custom-fields", this::create);
        routes.get(router, "/api/v1/custom-fields/:id", this::get);
        routes.patch(router, "/api/v1/custom-fields/:id", this::update);
    }

    @Override
    public Map<String, Function<String, String>> queryFormats() {
        return Map.of(CustomFieldSort.FORMAT, CustomFieldSort::problem);
    }

    @Override
    public String openApiFragment() {
        return "openapi/custom-fields.json";
    }

    private void metadata(RoutingContext ctx) {
        Responses.reply(ctx, metadata.of(Principal.of(ctx)), json -> json);
    }

    private void list(RoutingContext ctx) {
        Pages page = Pages.sorted(ctx, false);
        String recordType = ctx.queryParams().get("recordType");
        if (recordType != null && !CustomFieldInput.RECORD_TYPES.contains(recordType)) {
            throw ApiException.invalid("recordType", "must be one of contact, case, task, conversation");
        }
        boolean archived = Requests.queryFlag(ctx, "archived");
        Responses.replyPage(ctx, fields.list(Principal.of(ctx), recordType, archived, page), page,
                CustomFieldDefinition::toJson, CustomFieldDefinition::id);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        CustomFieldInput input = CustomFieldInput.create(body, v);
        v.check();
        Responses.replyCreated(ctx, fields.create(Principal.of(ctx), input), CustomFieldDefinition::toJson);
    }

    private void get(RoutingContext ctx) {
        Responses.replyVersioned(ctx, fields.get(Principal.of(ctx), fieldId(ctx)), CustomFieldDefinition::toJson,
                CustomFieldDefinition::version);
    }

    private void update(RoutingContext ctx) {
        UUID id = fieldId(ctx);
        JsonObject body = Requests.jsonBody(ctx);
        Validator v = new Validator(body);
        CustomFieldInput input = CustomFieldInput.update(body, v);
        v.check();
        Responses.replyVersioned(ctx, fields.update(Principal.of(ctx), id, input, ExpectedVersion.of(ctx, body)),
                CustomFieldDefinition::toJson, CustomFieldDefinition::version);
    }

    private static UUID fieldId(RoutingContext ctx) {
        return Requests.pathId(ctx, "id", "custom field");
    }
}
