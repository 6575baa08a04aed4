package org.caseledger.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a served OpenAPI description the way a client would, and derives from it the requests it promises to
 * accept: for every operation with a request body, one with only the required fields, and one for each optional field
 * left out of a body that has all the others. Values come from the description itself: the property's example, else
 * its object's example, else its default, else the first of its enum, else what its type allows. A property whose
 * value cannot be derived so is a gap in the description and fails the derivation. A body described as one of
 * several shapes gets its requests derived for each shape.
 */
public final class OpenApiContract {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode description;
    private final List<String> gaps = new ArrayList<>();

    public OpenApiContract(JsonNode description) {
        this.description = description;
    }

    /** A request the description promises to accept. */
    public record Request(String method, String path, String variant, JsonNode body) {

        @Override
        public String toString() {
            return method + " " + path + " (" + variant + "): " + body;
        }
    }

    /** An answer an operation describes, by its status. */
    public record Answer(String method, String path, String status, JsonNode response) {

        @Override
        public String toString() {
            return method + " " + path + " → " + status;
        }
    }

    /** The operations of the description, as "METHOD path". */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        eachOperation((method, path, operation) -> operations.add(method + " " + path));
        return operations;
    }

    /** Every request every operation with a request body promises to accept. */
    public List<Request> acceptedRequests() {
        List<Request> requests = new ArrayList<>();
        eachOperation((method, path, operation) -> {
            JsonNode content = operation.at("/requestBody/content/application~1json/schema");
            if (content.isMissingNode()) {
                return;
            }
            JsonNode schema = resolve(content);
            if (schema.has("oneOf")) {
                for (JsonNode alternative : schema.get("oneOf")) {
                    String name = alternative.path("$ref").asText("");
                    derive(requests, method, path, name.substring(name.lastIndexOf('/') + 1) + ", ",
                            resolve(alternative));
                }
            } else {
                derive(requests, method, path, "", schema);
            }
        });
        return requests;
    }

    private void derive(List<Request> requests, String method, String path, String alternative, JsonNode schema) {
        try {
            requests.add(new Request(method, path, alternative + "only the required fields",
                    minimal(schema, null, path)));
            JsonNode full = full(schema, null, path);
            for (List<String> optional : optionalFields(schema, List.of())) {
                JsonNode body = full.deepCopy();
                leaveOut(body, optional);
                requests.add(new Request(method, path, alternative + "without " + String.join(".", optional), body));
            }
        } catch (NoDerivableValue gap) {
            gaps.add(method + " " + path + ": " + alternative + gap.getMessage());
        }
    }

    /** The operations {@link #acceptedRequests()} could not derive requests for, and why: gaps in the description. */
    public List<String> gaps() {
        return List.copyOf(gaps);
    }

    /** Every answer every operation describes. */
    public List<Answer> answers() {
        List<Answer> answers = new ArrayList<>();
        eachOperation((method, path, operation) -> operation.path("responses").fields().forEachRemaining(
                response -> answers.add(new Answer(method, path, response.getKey(), resolve(response.getValue())))));
        return answers;
    }

    /**
     * What the description leaves untold of the answers: every operation must describe its success with a schema and
     * an example, and the problems every operation can answer (400 for what it reads, 404 for an id in its path, 500)
     * as {@code application/problem+json} with the problem schema and an example.
     */
    public List<String> undescribedAnswers() {
        List<String> missing = new ArrayList<>();
        eachOperation((method, path, operation) -> {
            JsonNode responses = operation.path("responses");
            Set<String> expected = new LinkedHashSet<>(List.of("500"));
            if (operation.has("requestBody") || operation.has("parameters")) {
                expected.add("400");
            }
            if (path.contains("{")) {
                expected.add("404");
            }
            expected.forEach(status -> {
                if (!responses.has(status)) {
                    missing.add(method + " " + path + " does not describe its " + status);
                }
            });
            boolean success = false;
            for (Iterator<Map.Entry<String, JsonNode>> answers = responses.fields(); answers.hasNext(); ) {
                Map.Entry<String, JsonNode> answer = answers.next();
                JsonNode content = resolve(answer.getValue()).path("content");
                String where = method + " " + path + " → " + answer.getKey();
                if (answer.getKey().startsWith("2")) {
                    success = true;
                    if (answer.getKey().equals("204")) {
                        if (!content.isEmpty()) {
                            missing.add(where + " describes a body, which a 204 never has");
                        }
                        continue;
                    }
                    if (content.isEmpty()) {
                        missing.add(where + " describes no body");
                    }
                    content.fields().forEachRemaining(media -> {
                        if (schemaOf(media.getValue()).isMissingNode() || !hasExample(media.getValue())) {
                            missing.add(where + " (" + media.getKey() + ") has no schema or no example");
                        }
                    });
                } else {
                    JsonNode problem = content.path("application/problem+json");
                    if (problem.isMissingNode() || !schemaOf(problem).path("properties").has("detail")
                            || !hasExample(problem)) {
                        missing.add(where + " is not described as a problem with its schema and an example");
                    }
                }
            }
            if (!success) {
                missing.add(method + " " + path + " describes no success");
            }
        });
        return missing;
    }

    /** The schema a media type of an answer names, resolved; missing when it names none. */
    public JsonNode schemaOf(JsonNode mediaType) {
        JsonNode schema = mediaType.path("schema");
        return schema.isMissingNode() ? schema : resolve(schema);
    }

    /** Whether a media type of an answer shows an example, on itself or on its schema. */
    public boolean hasExample(JsonNode mediaType) {
        JsonNode schema = schemaOf(mediaType);
        return mediaType.has("example") || mediaType.has("examples") || schema.has("example")
                || (isArray(schema) && resolve(schema.get("items")).has("example"));
    }

    /** The component schema a reference names. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            String ref = current.get("$ref").asText();
            JsonNode target = description.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalStateException("The description refers to " + ref + ", which it does not define");
            }
            current = target;
        }
        if (current.has("allOf") && current.get("allOf").size() == 1 && !current.has("properties")) {
            ObjectNode merged = resolve(current.get("allOf").get(0)).deepCopy();
            current.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("allOf")) {
                    merged.set(field.getKey(), field.getValue());
                }
            });
            return merged;
        }
        return current;
    }

    private void eachOperation(OperationVisitor visitor) {
        for (Iterator<Map.Entry<String, JsonNode>> paths = description.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                if (Set.of("get", "put", "post", "delete", "patch").contains(operation.getKey())) {
                    visitor.visit(operation.getKey().toUpperCase(), path.getKey(), operation.getValue());
                }
            }
        }
    }

    private JsonNode minimal(JsonNode schema, JsonNode example, String where) {
        if (!isObject(schema)) {
            return value(schema, example, where);
        }
        JsonNode ownExample = schema.has("example") ? schema.get("example") : example;
        Set<String> present = new LinkedHashSet<>(required(schema));
        int atLeast = schema.path("minProperties").asInt(0);
        for (Iterator<String> names = schema.path("properties").fieldNames(); names.hasNext() && present.size() < atLeast; ) {
            present.add(names.next());
        }
        ObjectNode body = NODES.objectNode();
        for (String name : present) {
            JsonNode property = resolve(schema.path("properties").path(name));
            body.set(name, minimal(property, ownExample == null ? null : ownExample.get(name), where + "." + name));
        }
        return body;
    }

    private JsonNode full(JsonNode schema, JsonNode example, String where) {
        if (!isObject(schema)) {
            if (isArray(schema)) {
                ArrayNode items = NODES.arrayNode();
                JsonNode itemExample = example != null && example.isArray() && !example.isEmpty() ? example.get(0) : null;
                items.add(full(resolve(schema.get("items")), itemExample, where + "[0]"));
                return items;
            }
            return value(schema, example, where);
        }
        JsonNode ownExample = schema.has("example") ? schema.get("example") : example;
        ObjectNode body = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(property -> body.set(property.getKey(),
                full(resolve(property.getValue()), ownExample == null ? null : ownExample.get(property.getKey()),
                        where + "." + property.getKey())));
        return body;
    }

    private List<List<String>> optionalFields(JsonNode schema, List<String> at) {
        List<List<String>> fields = new ArrayList<>();
        if (isArray(schema)) {
            List<String> item = new ArrayList<>(at);
            item.add("0");
            return optionalFields(resolve(schema.get("items")), item);
        }
        if (!isObject(schema)) {
            return fields;
        }
        Set<String> required = required(schema);
        schema.path("properties").fields().forEachRemaining(property -> {
            List<String> path = new ArrayList<>(at);
            path.add(property.getKey());
            if (!required.contains(property.getKey())) {
                fields.add(path);
            }
            fields.addAll(optionalFields(resolve(property.getValue()), path));
        });
        return fields;
    }

    private static void leaveOut(JsonNode body, List<String> path) {
        JsonNode parent = body;
        for (String step : path.subList(0, path.size() - 1)) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(step)) : parent.get(step);
        }
        ((ObjectNode) parent).remove(path.get(path.size() - 1));
    }

    /** A scalar or array value the schema allows, from its examples, default or enum, else from its type. */
    private JsonNode value(JsonNode schema, JsonNode example, String where) {
        if (schema.has("example") && !schema.get("example").isNull()) {
            return schema.get("example");
        }
        if (example != null && !example.isNull()) {
            return example;
        }
        if (schema.has("default") && !schema.get("default").isNull()) {
            return schema.get("default");
        }
        if (schema.has("enum") && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        if (isArray(schema)) {
            ArrayNode items = NODES.arrayNode();
            items.add(full(resolve(schema.get("items")), null, where + "[0]"));
            return items;
        }
        String type = schema.path("type").asText("");
        boolean constrained = schema.has("pattern") || schema.has("format");
        switch (type) {
            case "boolean":
                return NODES.booleanNode(false);
            case "integer":
            case "number":
                return NODES.numberNode(schema.path("minimum").asLong(1));
            case "string":
                if (!constrained) {
                    return NODES.textNode("x".repeat(Math.max(1, schema.path("minLength").asInt(1))));
                }
                break;
            default:
                break;
        }
        throw new NoDerivableValue("no example for " + where + " (" + schema
                + ") and none can be derived: give the property an example");
    }

    private static Set<String> required(JsonNode schema) {
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    private static boolean isObject(JsonNode schema) {
        return schema.has("properties") || "object".equals(schema.path("type").asText());
    }

    private static boolean isArray(JsonNode schema) {
        return "array".equals(schema.path("type").asText()) && schema.has("items");
    }

    private static final class NoDerivableValue extends RuntimeException {
        NoDerivableValue(String message) {
            super(message);
        }
    }

    @FunctionalInterface
    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }
}
