package org.caseledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.caseledger.api.Topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services' code says about Kafka: the consumers each one starts (their names are their consumer groups)
 * and the topic it publishes to, so the cluster's access rules can be checked against the code, not against a copy.
 */
final class Code {

    /** A consumer named by a string literal, or by a constant of the same file that is one. */
    private static final Pattern CONSUMER = Pattern.compile(
            "\\.consumer\\(\\s*(?:\"([^\"]+)\"|([A-Z][A-Z0-9_]*))\\s*,\\s*List\\.of\\(([^)]*)\\)");
    private static final Pattern ANY_CONSUMER = Pattern.compile("\\.consumer\\(");

    record Consumer(String service, String group, Set<String> topics) {
    }

    private final Path root;

    Code(Path root) {
        this.root = root;
    }

    static Code ofThisRepository() {
        return new Code(Path.of(System.getProperty("caseledger.sources", "../..")));
    }

    /** Every {@code TopicConsumers.consumer(name, List.of(topics…), …)} in the main code of the service modules. */
    List<Consumer> consumers() {
        try (Stream<Path> modules = Files.list(root)) {
            return modules.filter(module -> Files.isRegularFile(module.resolve("pom.xml")))
                    .map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .flatMap(Code::javaFiles)
                    .flatMap(this::consumersIn)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> javaFiles(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code caseledger.publishing.topic} of a service's application.yml, if it publishes. */
    Optional<String> publishedTopic(String service) {
        Path configuration = root.resolve(service).resolve("src/main/resources/application.yml");
        if (!Files.isRegularFile(configuration)) {
            return Optional.empty();
        }
        try {
            JsonNode topic = new YAMLMapper().readTree(configuration.toFile())
                    .path("caseledger").path("publishing").path("topic");
            return topic.isMissingNode() ? Optional.empty() : Optional.of(topic.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String constant(String source, String name, Path file) {
        Matcher value = Pattern.compile("static\\s+final\\s+String\\s+" + name + "\\s*=\\s*\"([^\"]+)\"\\s*;")
                .matcher(source);
        if (!value.find()) {
            throw new IllegalStateException(file + " names a consumer by " + name + ", which is no string constant of "
                    + "that file; name it by a literal or such a constant, so that its group can be checked");
        }
        return value.group(1);
    }

    private Stream<Consumer> consumersIn(Path file) {
        String service = root.relativize(file).getName(0).toString();
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = CONSUMER.matcher(source);
        Stream.Builder<Consumer> found = Stream.builder();
        long read = 0;
        while (matcher.find()) {
            read++;
            Set<String> topics = new HashSet<>();
            for (String expression : matcher.group(3).split(",")) {
                topics.add(topic(expression.trim(), file));
            }
            String group = matcher.group(1) != null ? matcher.group(1) : constant(source, matcher.group(2), file);
            found.add(new Consumer(service, group, topics));
        }
        // A consumer this check cannot read would escape it: its group and topics would go unchecked.
        if (ANY_CONSUMER.matcher(source).results().count() != read) {
            throw new IllegalStateException(file + " starts a consumer whose name is neither a string literal nor a "
                    + "constant, or whose topics are not a List.of(…) of Topics constants or literals, in the call "
                    + "itself; write them so, so that the cluster's access rules can be checked against it");
        }
        return found.build();
    }

    private static String topic(String expression, Path file) {
        if (expression.startsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        String constant = expression.substring(expression.lastIndexOf('.') + 1);
        return Arrays.stream(Topics.class.getFields()).filter(field -> field.getName().equals(constant))
                .findFirst()
                .map(field -> {
                    try {
                        return (String) field.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .orElseThrow(() -> new IllegalStateException(file + " names topic " + expression
                        + ", which is not a constant of " + Topics.class.getName()));
    }
}
