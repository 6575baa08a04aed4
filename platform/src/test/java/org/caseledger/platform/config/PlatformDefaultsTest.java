package org.caseledger.platform.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformDefaultsTest {

    @Test
    void serviceListensOnTheLoopbackInterfaceWhenNothingSaysOtherwise() {
        StandardEnvironment environment = new StandardEnvironment();

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void deploymentMayOpenTheServiceToItsNetwork() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("application.yml",
                Map.of("server.address", "0.0.0.0")));

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
    }

    @Test
    void migrationsGrantTheRoleTheServiceConnectsAs() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("application.yml",
                Map.of("spring.datasource.username", "case_service")));

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.flyway.placeholders.runtime_role")).isEqualTo("case_service");
    }

    @Test
    void actuatorIsServedOnTheLoopbackInterfaceWithPrometheusAndProbes() {
        StandardEnvironment environment = new StandardEnvironment();

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                .isEqualTo("health,info,prometheus");
        assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
    }

    @Test
    void clusterMayLetItsProbesAndPrometheusReachTheManagementPort() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("environment",
                Map.of("management.server.address", "0.0.0.0")));

        new PlatformDefaults().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.server.address")).isEqualTo("0.0.0.0");
    }

    @Test
    void logsAreJsonOnlyWhenAskedFor() {
        StandardEnvironment text = new StandardEnvironment();
        StandardEnvironment json = new StandardEnvironment();
        json.getPropertySources().addLast(new MapPropertySource("environment",
                Map.of("caseledger.logging.json", "true")));

        new PlatformDefaults().postProcessEnvironment(text, new SpringApplication());
        new PlatformDefaults().postProcessEnvironment(json, new SpringApplication());

        assertThat(text.getProperty("logging.structured.format.console")).isNull();
        assertThat(json.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void axonsTimeLimitsAreOffUnlessADeploymentTurnsThemOn() {
        StandardEnvironment service = new StandardEnvironment();
        StandardEnvironment deployment = new StandardEnvironment();
        deployment.getPropertySources().addLast(new MapPropertySource("environment",
                Map.of("axon.timeout.enabled", "true")));

        new PlatformDefaults().postProcessEnvironment(service, new SpringApplication());
        new PlatformDefaults().postProcessEnvironment(deployment, new SpringApplication());

        assertThat(service.getProperty("axon.timeout.enabled")).isEqualTo("false");
        assertThat(deployment.getProperty("axon.timeout.enabled")).isEqualTo("true");
    }
}
