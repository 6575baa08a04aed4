package org.caseledger.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The manifests of one overlay as kubectl rendered them, read into the models of the Kubernetes API (fabric8) and of
 * Strimzi; CloudNativePG and the Prometheus Operator publish no Java model, so their resources stay JSON trees. Reading fails on a field that a
 * model does not know, so a misspelt field cannot pass for a setting, and on a kind that no test reads.
 */
final class Rendered {

    /** Kinds the tests read; any other kind in an overlay is refused, so nothing goes out unchecked. */
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("ServiceAccount", ServiceAccount.class),
            Map.entry("ConfigMap", ConfigMap.class),
            Map.entry("Service", Service.class),
            Map.entry("Deployment", Deployment.class),
            Map.entry("PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("NetworkPolicy", NetworkPolicy.class),
            Map.entry("Ingress", Ingress.class),
            Map.entry("Kafka", Kafka.class),
            Map.entry("KafkaNodePool", KafkaNodePool.class),
            Map.entry("KafkaTopic", KafkaTopic.class),
            Map.entry("KafkaUser", KafkaUser.class));
    private static final Set<String> WITHOUT_MODEL = Set.of("Cluster", "ScheduledBackup", "ObjectStore",
            "ServiceMonitor");

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    final String name;
    final String text;
    final List<JsonNode> documents;

    private Rendered(String name, String text, List<JsonNode> documents) {
        this.name = name;
        this.text = text;
        this.documents = documents;
    }

    static Rendered parse(String name, String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(text)) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    documents.add(document);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("Overlay " + name + " rendered YAML that cannot be read", e);
        }
        Rendered rendered = new Rendered(name, text, documents);
        documents.forEach(rendered::checkModel);
        return rendered;
    }

    private void checkModel(JsonNode document) {
        String kind = document.path("kind").asText();
        if (WITHOUT_MODEL.contains(kind)) {
            return;
        }
        Class<?> model = MODELS.get(kind);
        if (model == null) {
            throw new IllegalStateException("Overlay " + name + " renders a " + kind + " that no test reads");
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(read(document, model), kind, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Overlay " + name + ": " + kind + " "
                    + document.path("metadata").path("name").asText() + " has fields its API does not know: "
                    + unknown);
        }
    }

    /**
     * The models keep a field they do not know in {@code additionalProperties} instead of refusing it; a misspelt
     * field ({@code readOnlyRootFileSystem}) would be kept there and ignored by the cluster, so every one is sought.
     */
    private static void collectUnknownFields(Object value, String path, List<String> unknown) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Enum<?>) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collectUnknownFields(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, entry) -> collectUnknownFields(entry, path + "." + key, unknown));
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || getter.getDeclaringClass() == Object.class
                    || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + path + "." + getter.getName(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else {
                collectUnknownFields(property, path + "." + getter.getName(), unknown);
            }
        }
    }

    <T> List<T> all(Class<T> model) {
        String kind = MODELS.entrySet().stream().filter(e -> e.getValue() == model).findFirst()
                .orElseThrow().getKey();
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).map(d -> read(d, model))
                .toList();
    }

    <T> T one(Class<T> model, String resourceName) {
        return named(model, resourceName).orElseThrow(() -> new AssertionError(
                "Overlay " + name + " has no " + model.getSimpleName() + " " + resourceName));
    }

    <T> Optional<T> named(Class<T> model, String resourceName) {
        String kind = MODELS.entrySet().stream().filter(e -> e.getValue() == model).findFirst()
                .orElseThrow().getKey();
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())
                        && resourceName.equals(d.path("metadata").path("name").asText()))
                .findFirst().map(d -> read(d, model));
    }

    List<JsonNode> generic(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    JsonNode generic(String kind, String resourceName) {
        return generic(kind).stream().filter(d -> resourceName.equals(d.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(
                        "Overlay " + name + " has no " + kind + " " + resourceName));
    }

    private <T> T read(JsonNode document, Class<T> model) {
        ObjectNode withoutStatus = document.deepCopy();
        withoutStatus.remove("status");
        try {
            return STRICT.treeToValue(withoutStatus, model);
        } catch (IOException e) {
            throw new IllegalStateException("Overlay " + name + ": " + document.path("kind").asText() + " "
                    + document.path("metadata").path("name").asText() + " does not fit its model: "
                    + e.getMessage(), e);
        }
    }
}
