package org.caseledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's queries name the services they read by their scrape job (the Service's name, as the
 * ServiceMonitor's Prometheus labels it): that is how each service's metrics test finds the series the dashboard asks
 * of it, and checks it serves them (platform's testing Dashboard).
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("base", "monitoring", "grafana-dashboard.json");
    static final List<String> SERVICES = List.of("case-service", "appeal-service", "notification-service", "projections");
    static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");
    static final Pattern JOB = Pattern.compile("job=~?\"([^\"]*)\"");

    @Test
    void everySeriesTheDashboardQueriesIsSelectedByTheServicesThatServeIt() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> queries = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                queries.add(target.path("expr").asText())));
        assertThat(queries).isNotEmpty().doesNotContain("");

        for (String query : queries) {
            Matcher selector = SELECTOR.matcher(query);
            assertThat(selector.find()).as(query).isTrue();
            do {
                Matcher job = JOB.matcher(selector.group(2));
                assertThat(job.find()).as("%s in %s names no job", selector.group(1), query).isTrue();
                assertThat(List.of(job.group(1).split("\\|"))).as(query).isSubsetOf(SERVICES);
            } while (selector.find());
        }
    }

    @Test
    void everyServiceItNamesIsOneTheClusterRunsAndScrapes() throws Exception {
        for (String service : SERVICES) {
            assertThat(Files.readString(Path.of("base", "services", service + ".yaml")))
                    .contains("name: " + service).contains("app.kubernetes.io/component: service");
        }
    }
}
