package org.caseledger.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes in every service's OpenAPI what the platform does the same way everywhere: the problems every operation
 * can answer, each with the problem schema and an example; the headers a write takes; and the ETag and
 * {@code Idempotency-Replayed} a write answers with. An answer a controller describes itself is left as it is.
 */
class ApiDescription implements GlobalOperationCustomizer, GlobalOpenApiCustomizer {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    static {
        // Read from headers by the platform, and described here as the headers they are.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(WriteConditions.class);
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        boolean write = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.getParameterType() == WriteConditions.class);
        boolean inPath = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.hasParameterAnnotation(PathVariable.class));
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty()) || write;
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        problemBodies(responses);
        if (write) {
            describeWrite(operation, responses);
        }
        if (takesInput) {
            problem(responses, HttpStatus.BAD_REQUEST, "The request is malformed: the detail names the field",
                    example(HttpStatus.BAD_REQUEST, "date", "date: '2017-13' is not a date; write YYYY, YYYY-MM or "
                            + "YYYY-MM-DD (e.g. 2017, 2017-11, 2017-11-04)"));
        }
        if (write || operation.getRequestBody() != null) {
            problem(responses, HttpStatus.PAYLOAD_TOO_LARGE, "The body is larger than the service takes",
                    example(HttpStatus.PAYLOAD_TOO_LARGE, null,
                            "The body is larger than 262144 bytes; send the fact without attachments"));
        }
        if (inPath) {
            problem(responses, HttpStatus.NOT_FOUND, "Nothing is on record under the id in the path",
                    example(HttpStatus.NOT_FOUND, null, "Nothing is on record here under id 'c0ffee00-0000-4000-8000-000000000000'"));
        }
        problem(responses, HttpStatus.INTERNAL_SERVER_ERROR, "The service failed; the problem gives a reference",
                example(HttpStatus.INTERNAL_SERVER_ERROR, null,
                        "The request failed on our side; quote reference 7d9c2f4e-1b3a-4c5d-8e6f-0a1b2c3d4e5f "
                                + "when reporting it"));
        ApiResponse unavailable = new ApiResponse()
                .description("The database, or for a write that seals personal data the service that holds the "
                        + "data keys, did not answer in time, or a read took longer than the service allows; send the "
                        + "same request again after Retry-After")
                .content(problemContent(example(HttpStatus.SERVICE_UNAVAILABLE, null, "The ledger's database is not "
                        + "answering in time, so the request was not carried out; send it again in 5 seconds (a "
                        + "write with the same Idempotency-Key is recorded once however often it is sent)")));
        unavailable.addHeaderObject("Retry-After", new Header().description("seconds to wait before sending it again")
                .schema(new StringSchema().example("5")));
        responses.putIfAbsent("503", unavailable);
        return operation;
    }

    private void describeWrite(Operation operation, ApiResponses responses) {
        header(operation, WriteConditions.IDEMPOTENCY_KEY, "1 to 200 visible ASCII characters, e.g. a UUID: a retry "
                + "with the same key and request gets the first answer and stores nothing new", "9b2e7c41-5d0a-4f3e-8c6b-2a1d4e5f6a7b");
        header(operation, WriteConditions.IF_MATCH, "the ETag last read: the write is refused with 412 if the record "
                + "has changed since", "\"3\"");
        ApiResponse created = responses.remove("200");
        if (created != null && !responses.containsKey("201")) {
            responses.addApiResponse("201", created.description("Recorded"));
        }
        ApiResponse recorded = responses.get("201");
        if (recorded != null) {
            recorded.addHeaderObject("ETag", new Header()
                    .description("the version of the record after this write, for If-Match")
                    .schema(new StringSchema().example("\"4\"")));
            recorded.addHeaderObject(WriteConditions.REPLAYED, new Header()
                    .description("true when this answers a retry with an Idempotency-Key already used: "
                            + "nothing new was stored")
                    .schema(new StringSchema().example("true")));
        }
        problem(responses, HttpStatus.CONFLICT, "The record refuses the write, or changed at the same moment",
                example(HttpStatus.CONFLICT, null, "No detention is on record for this case, so there is no "
                        + "release to record: record the detention first, or check whether it was retracted"));
        Map<String, Object> stale = example(HttpStatus.PRECONDITION_FAILED, null, "The record changed since the "
                + "version named in If-Match: it is now at version 5; read it again before writing");
        stale.put("currentVersion", 5);
        problem(responses, HttpStatus.PRECONDITION_FAILED, "The version in If-Match is not the current one", stale);
        problem(responses, HttpStatus.UNPROCESSABLE_ENTITY, "The request names something not on record, or reuses "
                        + "an Idempotency-Key for another request",
                example(HttpStatus.UNPROCESSABLE_ENTITY, "facilityId", "facilityId: No facility '999' is in the "
                        + "register; give its register id, or describe the place instead"));
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        api.getComponents().getSchemas().values().forEach(ApiDescription::textExamplesAsText);
    }

    /** Swagger reads an example such as "106" as a number even for a text property; a client must send text. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void textExamplesAsText(Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (Schema property : schema.getProperties().values()) {
            boolean text = "string".equals(property.getType())
                    || (property.getTypes() != null && property.getTypes().contains("string"));
            Object example = property.getExample();
            if (text && example != null && !(example instanceof String)) {
                property.setExample(example instanceof JsonNode node ? node.asText() : example.toString());
            }
        }
    }

    private static void header(Operation operation, String name, String description, String example) {
        boolean present = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> name.equalsIgnoreCase(parameter.getName()));
        if (!present) {
            Parameter header = new HeaderParameter().name(name).required(false).description(description)
                    .schema(new StringSchema()).example(example);
            operation.addParametersItem(header);
        }
    }

    private static void problem(ApiResponses responses, HttpStatus status, String description,
                                Map<String, Object> example) {
        String code = String.valueOf(status.value());
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description).content(problemContent(example)));
        }
    }

    /**
     * An error a controller describes in words only, or with the body of its success, is answered as a problem all the
     * same: it gets that body.
     */
    private static void problemBodies(ApiResponses responses) {
        responses.forEach((code, response) -> {
            boolean error = code.startsWith("4") || code.startsWith("5");
            if (error && (response.getContent() == null || !response.getContent().containsKey(PROBLEM_JSON))) {
                HttpStatus status = HttpStatus.valueOf(Integer.parseInt(code));
                response.content(problemContent(example(status, null, response.getDescription())));
            }
        });
    }

    private static Content problemContent(Map<String, Object> example) {
        return new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)).example(example));
    }

    private static Map<String, Object> example(HttpStatus status, String field, String detail) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "about:blank");
        example.put("title", Problems.title(status));
        example.put("status", status.value());
        example.put("detail", detail);
        example.put("instance", "/api/cases/c0ffee00-0000-4000-8000-000000000000/releases");
        if (field != null) {
            example.put("field", field);
        }
        return example;
    }

    private static Schema<?> problemSchema() {
        ObjectSchema error = new ObjectSchema();
        error.addProperty("field", new StringSchema().example("person.name"));
        error.addProperty("message", new StringSchema().example("must not be blank"));
        ObjectSchema problem = new ObjectSchema();
        problem.description("An error, as RFC 9457 application/problem+json. Nothing was stored.");
        problem.addProperty("type", new StringSchema().example("about:blank"));
        problem.addProperty("title", new StringSchema().description("the same for every problem of a status")
                .example("Invalid request"));
        problem.addProperty("status", new IntegerSchema().example(400));
        problem.addProperty("detail", new StringSchema().description("what was wrong and what would be accepted")
                .example("person.name: must not be blank"));
        problem.addProperty("instance", new StringSchema().description("the path that was asked for")
                .example("/api/cases"));
        problem.addProperty("field", new StringSchema().description("the request field, header or parameter the "
                + "problem is about, where there is one").example("person.name"));
        problem.addProperty("errors", new ArraySchema().items(error)
                .description("every field that failed validation, when several did"));
        problem.addProperty("currentVersion", new IntegerSchema().description("with 412: the version now on record")
                .example(5));
        problem.addProperty("reference", new StringSchema().description("with 500: what to quote when reporting it")
                .example("7d9c2f4e-1b3a-4c5d-8e6f-0a1b2c3d4e5f"));
        problem.required(List.of("type", "title", "status", "detail"));
        problem.example(example(HttpStatus.BAD_REQUEST, "person.name", "person.name: must not be blank"));
        return problem;
    }
}
