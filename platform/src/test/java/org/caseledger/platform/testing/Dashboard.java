package org.caseledger.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster's Grafana dashboard ({@code deploy/k8s/base/monitoring/grafana-dashboard.json}) as its queries name
 * series: every selector names the services it reads by their scrape job, so a service's metrics test can check that
 * it serves every series the dashboard asks of it, and a renamed metric fails the build instead of a panel going
 * blank.
 */
public final class Dashboard {

    private static final Path FILE = Path.of("deploy", "k8s", "base", "monitoring", "grafana-dashboard.json");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    private static final Pattern JOB = Pattern.compile("job=~?\"([^\"]*)\"");

    private Dashboard() {
    }

    /** The metric names the dashboard's queries ask of the given service (its scrape job). */
    public static Set<String> metricsQueriedOf(String job) {
        Set<String> names = new TreeSet<>();
        for (String query : queries()) {
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Matcher jobs = JOB.matcher(selector.group(2));
                if (jobs.find() && List.of(jobs.group(1).split("\\|")).contains(job)) {
                    names.add(selector.group(1));
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("The dashboard asks nothing of " + job);
        }
        return names;
    }

    private static List<String> queries() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(Files.readString(file()));
            List<String> queries = new ArrayList<>();
            dashboard.path("panels").forEach(panel ->
                    panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
            return queries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Found from the module a test runs in, upwards to the repository's root. */
    private static Path file() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve(FILE))) {
                return directory.resolve(FILE);
            }
        }
        throw new IllegalStateException(FILE + " not found above " + Path.of("").toAbsolutePath());
    }
}
