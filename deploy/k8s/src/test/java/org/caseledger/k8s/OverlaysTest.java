package org.caseledger.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationTls;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import org.caseledger.api.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every overlay, rendered by kubectl as a cluster would receive it, keeps what deploy/k8s promises: events kept
 * forever on three replicas with two in sync, each service writing only its own topic and reading only what its code
 * consumes, databases replicated synchronously and backed up, services that run unprivileged on read-only roots with
 * probes and limits, reach only what they need, and are exposed only where they answer the public.
 */
class OverlaysTest {

    private static final String CHECKPOINTS = "caseledger.checkpoints.v1";
    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    /** What each service is, and what it may do with Kafka. */
    record ServiceSpec(String name, int port, String databaseCluster, String database, Set<String> writes,
                       Set<String> reads) {

        /** Actuator's port (probes, metrics): the API's port plus 1000, as the services' own settings have it. */
        int managementPort() {
            return port + 1000;
        }

        /** The role the service connects to its database as; {@code <role>_owner} owns the tables. */
        String runtimeRole() {
            return name.equals("projections") ? name : name.replace('-', '_');
        }
    }

    static final List<ServiceSpec> SERVICES = List.of(
            new ServiceSpec("case-service", 8081, "cases-db", "cases", Set.of(Topics.CASES, CHECKPOINTS), Set.of()),
            new ServiceSpec("appeal-service", 8082, "appeals-db", "appeals", Set.of(Topics.APPEALS, CHECKPOINTS),
                    Set.of(Topics.CASES)),
            new ServiceSpec("notification-service", 8083, "notifications-db", "notifications", Set.of(),
                    Set.of(Topics.CASES, Topics.APPEALS)),
            new ServiceSpec("projections", 8084, "projections-db", "projections", Set.of(),
                    Set.of(Topics.CASES, Topics.APPEALS)));

    /** A database cluster: the database, and the role its service connects as ({@code <role>_owner} owns it). */
    record DatabaseSpec(String cluster, String database, String runtimeRole) {
    }

    /** case-service's data keys, in a cluster of their own (docs/personal-data.md). */
    static final DatabaseSpec KEYS = new DatabaseSpec("personal-data-db", "personal_data", "personal_data_keys");

    static final List<DatabaseSpec> DATABASES = Stream.concat(SERVICES.stream().map(service ->
            new DatabaseSpec(service.databaseCluster(), service.database(), service.runtimeRole())), Stream.of(KEYS))
            .toList();

    /**
     * The services that open sealed personal values with keys fetched from case-service (appeal-service also seals
     * appeal summaries with them).
     */
    static final Set<String> KEY_CONSUMERS = Set.of("projections", "appeal-service", "notification-service");

    static Stream<Rendered> overlays() {
        Path overlays = Path.of(System.getProperty("caseledger.k8s.dir", ".")).resolve("overlays");
        try (Stream<Path> directories = Files.list(overlays)) {
            List<Path> all = directories.filter(Files::isDirectory).sorted().toList();
            assertThat(all).extracting(path -> path.getFileName().toString()).contains("dev", "prod");
            return all.stream().map(directory -> RENDERED.computeIfAbsent(directory.getFileName().toString(),
                    name -> Rendered.parse(name, Kubectl.find().kustomize(directory))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rendersWithTheOfficialKubectlAndItsKustomize() {
        assertThat(Kubectl.find().version()).contains("Client Version: v1.").contains("Kustomize Version: v5.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void keepsEveryTopicForeverOnThreeReplicasWithTwoInSync(Rendered overlay) {
        List<KafkaTopic> topics = overlay.all(KafkaTopic.class);
        assertThat(topics).extracting(topic -> topic.getMetadata().getName())
                .containsExactlyInAnyOrder(Topics.CASES, Topics.APPEALS, CHECKPOINTS);
        for (KafkaTopic topic : topics) {
            String name = topic.getMetadata().getName();
            assertThat(topic.getMetadata().getLabels()).as(name).containsEntry("strimzi.io/cluster", "caseledger");
            assertThat(topic.getSpec().getReplicas()).as(name).isEqualTo(3);
            Map<String, Object> config = topic.getSpec().getConfig();
            assertThat(String.valueOf(config.get("retention.ms"))).as(name + " retention.ms").isEqualTo("-1");
            assertThat(String.valueOf(config.get("retention.bytes"))).as(name + " retention.bytes").isEqualTo("-1");
            assertThat(String.valueOf(config.get("min.insync.replicas"))).as(name + " min.insync.replicas")
                    .isEqualTo("2");
            assertThat(config).as(name).doesNotContainKey("cleanup.policy");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void declaresTopicsWithThePartitionsTheServicesAreToldOf(Rendered overlay) {
        String partitions = overlay.one(ConfigMap.class, "caseledger-kafka-client").getData()
                .get("CASELEDGER_KAFKA_TOPICPARTITIONS");
        for (String topic : List.of(Topics.CASES, Topics.APPEALS)) {
            assertThat(overlay.one(KafkaTopic.class, topic).getSpec().getPartitions()).as(topic)
                    .isEqualTo(Integer.valueOf(partitions));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void runsKafkaInKraftWithThreeBrokersAndAuthorizesEveryClientByCertificate(Rendered overlay) {
        Kafka kafka = overlay.one(Kafka.class, "caseledger");
        List<KafkaNodePool> pools = overlay.all(KafkaNodePool.class);
        assertThat(pools).allSatisfy(pool -> assertThat(pool.getMetadata().getLabels())
                .containsEntry("strimzi.io/cluster", "caseledger"));
        assertThat(pools.stream().filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(pool -> pool.getSpec().getReplicas()).sum()).as("brokers").isEqualTo(3);
        assertThat(pools.stream().filter(pool -> pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER))
                .mapToInt(pool -> pool.getSpec().getReplicas()).sum()).as("controllers").isEqualTo(3);
        assertThat(kafka.getSpec().getKafka().getListeners()).isNotEmpty().allSatisfy(listener -> {
            assertThat(listener.isTls()).as(listener.getName() + " TLS").isTrue();
            assertThat(listener.getAuth()).as(listener.getName() + " authentication")
                    .isInstanceOf(KafkaListenerAuthenticationTls.class);
        });
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        assertThat(String.valueOf(config.get("auto.create.topics.enable"))).isEqualTo("false");
        assertThat(String.valueOf(config.get("default.replication.factor"))).isEqualTo("3");
        assertThat(String.valueOf(config.get("min.insync.replicas"))).isEqualTo("2");
        assertThat(String.valueOf(config.get("unclean.leader.election.enable"))).isEqualTo("false");
        assertThat(String.valueOf(config.get("transaction.state.log.replication.factor"))).isEqualTo("3");
        assertThat(String.valueOf(config.get("transaction.state.log.min.isr"))).isEqualTo("2");
        assertThat(kafka.getSpec().getEntityOperator().getTopicOperator()).isNotNull();
        assertThat(kafka.getSpec().getEntityOperator().getUserOperator()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void letsEachServiceWriteOnlyItsOwnTopicsAndReadOnlyWhatItConsumes(Rendered overlay) {
        assertThat(overlay.all(KafkaUser.class)).extracting(user -> user.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(ServiceSpec::name).toList());
        for (ServiceSpec service : SERVICES) {
            KafkaUser user = overlay.one(KafkaUser.class, service.name());
            assertThat(user.getSpec().getAuthentication()).as(service.name())
                    .isInstanceOf(KafkaUserTlsClientAuthentication.class);
            Set<String> grants = grants(user);
            Set<String> expected = new TreeSet<>();
            service.writes().forEach(topic -> {
                expected.add("topic " + topic + " Write");
                expected.add("topic " + topic + " Describe");
            });
            service.reads().forEach(topic -> {
                expected.add("topic " + topic + " Read");
                expected.add("topic " + topic + " Describe");
            });
            Code.ofThisRepository().publishedTopic(service.name()).ifPresent(topic -> {
                expected.add("transactionalId caseledger-publisher-" + topic + "- (prefix) Write");
                expected.add("transactionalId caseledger-publisher-" + topic + "- (prefix) Describe");
            });
            grants.stream().filter(grant -> grant.startsWith("group ")).forEach(expected::add);
            assertThat(grants).as(service.name()).isEqualTo(expected);
            assertThat(grants.stream().filter(grant -> grant.startsWith("group "))).as(service.name() + " groups")
                    .allMatch(grant -> grant.startsWith("group " + service.name() + ".") && grant.endsWith(" Read"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void letsEveryConsumerInTheCodeReadItsTopicsInItsGroupAndEveryPublisherWriteItsTopic(Rendered overlay) {
        Code code = Code.ofThisRepository();
        List<Code.Consumer> consumers = code.consumers();
        assertThat(consumers).extracting(Code.Consumer::group)
                .contains("appeal-service.known-cases", "notification-service.notices", "projections.case-status",
                        "projections.appeals");
        for (Code.Consumer consumer : consumers) {
            KafkaUser user = overlay.one(KafkaUser.class, consumer.service());
            assertThat(mayReadGroup(user, consumer.group())).as(consumer.service() + " reads in group "
                    + consumer.group()).isTrue();
            consumer.topics().forEach(topic -> assertThat(grants(user)).as(consumer.service())
                    .contains("topic " + topic + " Read"));
        }
        for (ServiceSpec service : SERVICES) {
            KafkaUser user = overlay.one(KafkaUser.class, service.name());
            code.publishedTopic(service.name()).ifPresent(topic -> assertThat(grants(user)).as(service.name())
                    .contains("topic " + topic + " Write"));
            grants(user).stream().filter(grant -> grant.startsWith("group ") && !grant.contains(". (prefix)"))
                    .map(grant -> grant.split(" ")[1])
                    .forEach(group -> assertThat(consumers).as("a consumer of " + service.name() + " named " + group)
                            .anyMatch(consumer -> consumer.group().equals(group)
                                    && consumer.service().equals(service.name())));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void givesEveryServiceItsOwnDatabaseClusterReplicatedSynchronouslyAndBackedUp(Rendered overlay) {
        assertThat(overlay.generic("Cluster")).extracting(cluster -> cluster.path("metadata").path("name").asText())
                .containsExactlyInAnyOrderElementsOf(DATABASES.stream().map(DatabaseSpec::cluster).toList());
        Set<String> objectStores = overlay.generic("ObjectStore").stream()
                .map(store -> store.path("metadata").path("name").asText()).collect(Collectors.toSet());
        for (DatabaseSpec service : DATABASES) {
            JsonNode spec = overlay.generic("Cluster", service.cluster()).path("spec");
            String name = service.cluster();
            assertThat(spec.path("instances").asInt()).as(name + " instances").isEqualTo(3);
            JsonNode synchronous = spec.path("postgresql").path("synchronous");
            assertThat(synchronous.path("method").asText()).as(name).isIn("any", "first");
            assertThat(synchronous.path("number").asInt()).as(name + " synchronous standbys").isGreaterThanOrEqualTo(1);
            assertThat(synchronous.path("dataDurability").asText()).as(name).isEqualTo("required");
            assertThat(spec.path("bootstrap").path("initdb").path("database").asText()).isEqualTo(service.database());
            assertThat(spec.path("bootstrap").path("initdb").path("owner").asText()).as(name + ": the owner runs the "
                    + "migrations").isEqualTo(service.runtimeRole() + "_owner");
            JsonNode runtimeRole = stream(spec.path("managed").path("roles"))
                    .filter(role -> role.path("name").asText().equals(service.runtimeRole()))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " has no runtime role"));
            assertThat(runtimeRole.path("login").asBoolean()).as(name).isTrue();
            assertThat(runtimeRole.path("superuser").asBoolean()).as(name).isFalse();
            assertThat(runtimeRole.path("passwordSecret").path("name").asText()).isEqualTo(name + "-runtime");
            assertThat(spec.path("bootstrap").path("initdb").has("secret")).as(name + ": the operator makes the "
                    + "password").isFalse();
            assertThat(spec.path("imageName").asText()).as(name).matches(".+:[0-9][^:]*").doesNotEndWith(":latest");
            JsonNode archiver = stream(spec.path("plugins"))
                    .filter(plugin -> plugin.path("name").asText().equals("barman-cloud.cloudnative-pg.io"))
                    .findFirst().orElseThrow(() -> new AssertionError(name + " archives no WAL"));
            assertThat(archiver.path("isWALArchiver").asBoolean()).as(name).isTrue();
            assertThat(objectStores).as(name).contains(archiver.path("parameters").path("barmanObjectName").asText());
            assertThat(overlay.generic("ScheduledBackup")).as(name + " backups").anySatisfy(backup -> {
                assertThat(backup.path("spec").path("cluster").path("name").asText()).isEqualTo(name);
                assertThat(backup.path("spec").path("method").asText()).isEqualTo("plugin");
            });
        }
        assertThat(overlay.generic("ObjectStore")).allSatisfy(store -> assertThat(store.path("spec")
                .path("configuration").path("destinationPath").asText()).startsWith("s3://"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void connectsEveryServiceToItsOwnDatabaseAndKafkaUserWithTheSecretsTheOperatorsMake(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            Container container = container(overlay, service);
            Map<String, EnvVar> env = env(container);
            assertThat(env.get("SPRING_DATASOURCE_URL").getValue()).as(service.name())
                    .startsWith("jdbc:postgresql://" + service.databaseCluster() + "-rw:5432/" + service.database()
                            + "?").contains("sslmode=verify-full");
            assertThat(secretOf(env, "SPRING_DATASOURCE_USERNAME")).isEqualTo(service.databaseCluster() + "-runtime");
            assertThat(secretOf(env, "SPRING_DATASOURCE_PASSWORD")).isEqualTo(service.databaseCluster() + "-runtime");
            assertThat(secretOf(env, "SPRING_FLYWAY_USER")).isEqualTo(service.databaseCluster() + "-app");
            assertThat(secretOf(env, "SPRING_FLYWAY_PASSWORD")).isEqualTo(service.databaseCluster() + "-app");
            assertThat(secretOf(env, "CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_KEYSTORE_PASSWORD")).isEqualTo(service.name());
            assertThat(secretOf(env, "CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_TRUSTSTORE_PASSWORD"))
                    .isEqualTo("caseledger-cluster-ca-cert");
            PodSpec pod = deployment(overlay, service).getSpec().getTemplate().getSpec();
            assertThat(secretVolume(pod, container, env.get("CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_KEYSTORE_LOCATION")
                    .getValue())).isEqualTo(service.name());
            assertThat(secretVolume(pod, container, env.get("CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_TRUSTSTORE_LOCATION")
                    .getValue())).isEqualTo("caseledger-cluster-ca-cert");
            assertThat(secretVolume(pod, container, "/etc/caseledger/db-ca/ca.crt"))
                    .isEqualTo(service.databaseCluster() + "-ca");
            List<String> configMaps = new ArrayList<>(List.of("caseledger-kafka-client", "caseledger-oidc"));
            if (service.name().equals("notification-service")) {
                configMaps.add("caseledger-notifications");
            }
            assertThat(container.getEnvFrom()).extracting(source -> source.getConfigMapRef().getName())
                    .containsExactlyInAnyOrderElementsOf(configMaps);
        }
        Map<String, String> kafka = overlay.one(ConfigMap.class, "caseledger-kafka-client").getData();
        assertThat(kafka.get("CASELEDGER_KAFKA_BOOTSTRAPSERVERS")).isEqualTo("caseledger-kafka-bootstrap:9093");
        assertThat(kafka.get("CASELEDGER_KAFKA_CLIENTPROPERTIES_SECURITY_PROTOCOL")).isEqualTo("SSL");
        assertThat(overlay.one(ConfigMap.class, "caseledger-oidc").getData()
                .get("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUERURI")).startsWith("http");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void signsEachEventStoresCheckpointsWithAKeyFromASecretOfItsOwn(Rendered overlay) {
        for (String name : List.of("case-service", "appeal-service")) {
            ServiceSpec service = SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
            Container container = container(overlay, service);
            PodSpec pod = deployment(overlay, service).getSpec().getTemplate().getSpec();
            Binder settings = environmentOf(overlay, container);
            for (String file : List.of("caseledger.ledger.signing-key-file", "caseledger.ledger.public-key-file")) {
                String path = settings.bind(file, String.class).orElseThrow(() -> new AssertionError(name + ": " + file));
                assertThat(secretVolume(pod, container, path)).as(name + ": " + file).isEqualTo(name + "-ledger-key");
            }
            Volume key = volume(pod, container.getVolumeMounts().stream()
                    .filter(mount -> mount.getMountPath().equals("/etc/caseledger/ledger")).findFirst().orElseThrow()
                    .getName());
            assertThat(key.getSecret().getDefaultMode()).as(name + ": the signing key is for the service alone")
                    .isEqualTo(0440);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void givesCaseServiceAloneItsDataKeysAndTheKeyEncryptionKeyFromASecretApartFromEveryDatabase(Rendered overlay) {
        ServiceSpec caseService = SERVICES.get(0);
        Container container = container(overlay, caseService);
        PodSpec pod = deployment(overlay, caseService).getSpec().getTemplate().getSpec();
        Map<String, EnvVar> env = env(container);
        Binder settings = environmentOf(overlay, container);
        String url = settings.bind("caseledger.personal-data.datasource.url", String.class)
                .orElseThrow(() -> new AssertionError("case-service has no keys' database"));
        assertThat(url).startsWith("jdbc:postgresql://" + KEYS.cluster() + "-rw:5432/" + KEYS.database() + "?")
                .contains("sslmode=verify-full");
        String rootCert = url.replaceAll(".*sslrootcert=([^&]+).*", "$1");
        assertThat(secretVolume(pod, container, rootCert)).isEqualTo(KEYS.cluster() + "-ca");
        for (String variable : List.of("DATASOURCE_USERNAME", "DATASOURCE_PASSWORD")) {
            assertThat(secretOf(env, "CASELEDGER_PERSONAL_DATA_" + variable)).isEqualTo(KEYS.cluster() + "-runtime");
        }
        assertThat(secretOf(env, "CASELEDGER_PERSONAL_DATA_FLYWAY_USER")).isEqualTo(KEYS.cluster() + "-app");
        assertThat(secretOf(env, "CASELEDGER_PERSONAL_DATA_FLYWAY_PASSWORD")).isEqualTo(KEYS.cluster() + "-app");
        for (String property : List.of("datasource.username", "datasource.password", "flyway.user",
                "flyway.password")) {
            assertThat(settings.bind("caseledger.personal-data." + property, String.class).isBound()).as(property)
                    .isTrue();
        }
        assertThat(settings.bind("caseledger.personal-data.sealing", Boolean.class).isBound()).as("sealing").isFalse();
        assertThat(settings.bind("caseledger.personal-data.kek", String.class).isBound()).as("the KEK as a value")
                .isFalse();
        String kekFile = settings.bind("caseledger.personal-data.kek-file", String.class)
                .orElseThrow(() -> new AssertionError("case-service has no key-encryption key"));
        String kekSecret = secretVolume(pod, container, kekFile);
        assertThat(kekSecret).isEqualTo("case-service-personal-data-kek");
        Volume kek = volume(pod, container.getVolumeMounts().stream()
                .filter(mount -> kekFile.startsWith(mount.getMountPath() + "/")).findFirst().orElseThrow().getName());
        assertThat(kek.getSecret().getDefaultMode()).as("the key-encryption key is for the service alone")
                .isEqualTo(0440);
        assertThat(settings.bind("caseledger.personal-data.keys-from", String.class).isBound())
                .as("case-service holds keys")
                .isFalse();

        for (ServiceSpec other : SERVICES.subList(1, SERVICES.size())) {
            Container otherContainer = container(overlay, other);
            PodSpec otherPod = deployment(overlay, other).getSpec().getTemplate().getSpec();
            assertThat(otherPod.getVolumes()).as(other.name() + " volumes").noneMatch(volume ->
                    volume.getSecret() != null && (volume.getSecret().getSecretName().equals(kekSecret)
                            || volume.getSecret().getSecretName().startsWith(KEYS.cluster())));
            assertThat(otherContainer.getEnv()).as(other.name() + " environment").noneMatch(variable ->
                    variable.getName().contains("KEK") || variable.getName().contains("PERSONAL_DATA_DATASOURCE")
                            || variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null
                            && variable.getValueFrom().getSecretKeyRef().getName().startsWith(KEYS.cluster()));
        }
        for (JsonNode cluster : overlay.generic("Cluster")) {
            assertThat(cluster.toString()).as(cluster.path("metadata").path("name").asText()).doesNotContain(kekSecret);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void letsTheKeyConsumersFetchDataKeysFromCaseServiceAsTheServiceAccountOfTheirClient(
            Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            Container container = container(overlay, service);
            Binder settings = environmentOf(overlay, container);
            if (!KEY_CONSUMERS.contains(service.name())) {
                assertThat(settings.bind("caseledger.personal-data.keys-from", String.class).isBound())
                        .as(service.name())
                        .isFalse();
                continue;
            }
            assertThat(settings.bind("caseledger.personal-data.keys-from", String.class).orElse(null))
                    .as(service.name()).isEqualTo("http://case-service:8081");
            Map<String, EnvVar> env = env(container);
            assertThat(secretOf(env, "CASELEDGER_PERSONAL_DATA_CLIENT_ID"))
                    .isEqualTo("caseledger-personal-data-client");
            assertThat(secretOf(env, "CASELEDGER_PERSONAL_DATA_CLIENT_SECRET"))
                    .isEqualTo("caseledger-personal-data-client");
            assertThat(settings.bind("caseledger.personal-data.client-id", String.class).isBound()).as(service.name())
                    .isTrue();
            assertThat(settings.bind("caseledger.personal-data.client-secret", String.class).isBound())
                    .as(service.name())
                    .isTrue();
        }
        Service caseService = overlay.one(Service.class, "case-service");
        assertThat(caseService.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getPort()).isEqualTo(8081));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void backsUpTheDataKeysApartAndForAWeekAtMostSoThatAnErasureReachesEveryCopyOfTheKey(Rendered overlay) {
        String keysStore = backupStore(overlay, KEYS.cluster());
        Set<String> eventStores = SERVICES.stream()
                .map(service -> backupStore(overlay, service.databaseCluster())).collect(Collectors.toSet());
        assertThat(eventStores).as("the keys are backed up apart from the data they open").doesNotContain(keysStore);
        JsonNode store = overlay.generic("ObjectStore", keysStore).path("spec");
        int keptDays = days(store.path("retentionPolicy").asText());
        assertThat(keptDays).as("days the keys' backups are kept").isBetween(1, 7);
        for (String events : eventStores) {
            JsonNode other = overlay.generic("ObjectStore", events).path("spec");
            assertThat(keptDays).as("shorter than " + events).isLessThan(days(other.path("retentionPolicy").asText()));
            assertThat(store.path("configuration").path("destinationPath").asText()).as("a bucket of its own")
                    .isNotEqualTo(other.path("configuration").path("destinationPath").asText());
        }
    }

    private static String backupStore(Rendered overlay, String cluster) {
        return stream(overlay.generic("Cluster", cluster).path("spec").path("plugins"))
                .filter(plugin -> plugin.path("name").asText().equals("barman-cloud.cloudnative-pg.io"))
                .findFirst().orElseThrow().path("parameters").path("barmanObjectName").asText();
    }

    private static int days(String retention) {
        assertThat(retention).matches("[0-9]+d");
        return Integer.parseInt(retention.substring(0, retention.length() - 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void sendsNotificationMailOnlyOverStartTlsWithTheRelaysAccountAndLinksToTheLedgersOwnHost(Rendered overlay) {
        ServiceSpec notifications = SERVICES.stream().filter(s -> s.name().equals("notification-service"))
                .findFirst().orElseThrow();
        Container container = container(overlay, notifications);
        Map<String, EnvVar> env = env(container);
        assertThat(secretOf(env, "SPRING_MAIL_USERNAME")).isEqualTo("notification-service-smtp");
        assertThat(secretOf(env, "SPRING_MAIL_PASSWORD")).isEqualTo("notification-service-smtp");
        Binder settings = environmentOf(overlay, container);

        assertThat(settings.bind("spring.mail.host", String.class).get()).doesNotContain("localhost");
        int port = settings.bind("spring.mail.port", Integer.class).get();
        assertThat(settings.bind("spring.mail.username", String.class).get()).as("from the secret").isNotBlank();
        assertThat(settings.bind("spring.mail.password", String.class).get()).as("from the secret").isNotBlank();
        assertThat(settings.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class)).get())
                .containsEntry("mail.smtp.auth", "true")
                .containsEntry("mail.smtp.starttls.enable", "true")
                .containsEntry("mail.smtp.starttls.required", "true");
        assertThat(settings.bind("caseledger.notifications.mail-from", String.class).get()).contains("@");
        String ledgerHost = overlay.one(Ingress.class, "caseledger").getSpec().getRules().stream()
                .filter(rule -> rule.getHttp().getPaths().stream()
                        .anyMatch(path -> path.getBackend().getService().getName().equals("projections")))
                .map(IngressRule::getHost).findFirst().orElseThrow();
        assertThat(settings.bind("caseledger.notifications.link-base", String.class).get())
                .isEqualTo("https://" + ledgerHost + "/api/cases/");
        assertThat(overlay.all(NetworkPolicy.class)).as("a policy lets notification-service reach the relay's port")
                .anySatisfy(policy -> {
                    assertThat(policy.getMetadata().getName()).isEqualTo("notification-service-deliveries");
                    assertThat(policy.getSpec().getEgress()).flatExtracting(NetworkPolicyEgressRule::getPorts)
                            .extracting(allowed -> allowed.getPort().getIntVal()).contains(port);
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void runsEveryServiceUnprivilegedOnAReadOnlyRootWithOnlyTmpWritable(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            PodSpec pod = deployment(overlay, service).getSpec().getTemplate().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).as(service.name()).isTrue();
            assertThat(podSecurity.getRunAsUser()).as(service.name()).isPositive();
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getAutomountServiceAccountToken()).as(service.name()).isFalse();
            assertThat(pod.getContainers()).hasSize(1);
            Container container = pod.getContainers().get(0);
            SecurityContext security = container.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).as(service.name()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).as(service.name()).isFalse();
            assertThat(security.getCapabilities().getDrop()).as(service.name()).containsExactly("ALL");
            assertThat(security.getPrivileged()).as(service.name()).isNotEqualTo(Boolean.TRUE);
            List<String> writable = container.getVolumeMounts().stream()
                    .filter(mount -> !Boolean.TRUE.equals(mount.getReadOnly())).map(VolumeMount::getMountPath).toList();
            assertThat(writable).as(service.name() + " writable mounts").containsExactly("/tmp");
            String tmpVolume = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow().getName();
            assertThat(volume(pod, tmpVolume).getEmptyDir()).as(service.name() + " /tmp").isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void probesEveryServiceOnItsManagementPortAndLimitsItsResources(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            Container container = container(overlay, service);
            assertThat(container.getPorts()).extracting(port -> port.getName() + "=" + port.getContainerPort())
                    .containsExactly("http=" + service.port(), "management=" + service.managementPort());
            assertProbe(container.getLivenessProbe(), "/actuator/health/liveness", service);
            assertProbe(container.getReadinessProbe(), "/actuator/health/readiness", service);
            assertProbe(container.getStartupProbe(), "/actuator/health/liveness", service);
            Map<String, Quantity> limits = container.getResources().getLimits();
            Map<String, Quantity> requests = container.getResources().getRequests();
            assertThat(limits).as(service.name() + " limits").containsKeys("cpu", "memory");
            assertThat(requests).as(service.name() + " requests").containsKeys("cpu", "memory");
            assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
            assertThat(env(container).get("SERVER_PORT").getValue()).isEqualTo(String.valueOf(service.port()));
            assertThat(env(container).get("MANAGEMENT_SERVER_PORT").getValue())
                    .isEqualTo(String.valueOf(service.managementPort()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void listensOnEveryAddressOfThePodAndNeverAsksAxonForUpdates(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            Map<String, EnvVar> env = env(container(overlay, service));
            assertThat(env.get("SERVER_ADDRESS").getValue()).as(service.name()).isEqualTo("0.0.0.0");
            assertThat(env.get("MANAGEMENT_SERVER_ADDRESS").getValue()).as(service.name()).isEqualTo("0.0.0.0");
            assertThat(env.get("JAVA_TOOL_OPTIONS").getValue()).as(service.name())
                    .contains("-Daxoniq.update-checker.disabled=true");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void namesEveryImageByVersionOrDigestNeverLatest(Rendered overlay) {
        Pattern pinned = Pattern.compile(".+/[^/:@]+(:[0-9][A-Za-z0-9._-]*|@sha256:[0-9a-f]{64})");
        for (ServiceSpec service : SERVICES) {
            String image = container(overlay, service).getImage();
            assertThat(image).as(service.name()).matches(pinned).doesNotContain(":latest");
            assertThat(container(overlay, service).getImagePullPolicy()).isNotEqualTo("Always");
        }
        assertThat(overlay.text).doesNotContain(":latest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void writesNoSecretValueIntoTheManifests(Rendered overlay) {
        assertThat(overlay.generic("Secret")).as("Secrets are made by the operators or by hand, never kept here")
                .isEmpty();
        Pattern secretName = Pattern.compile("(?i).*(password|secret|token|credential|_key$|jaas).*");
        for (ServiceSpec service : SERVICES) {
            for (EnvVar variable : container(overlay, service).getEnv()) {
                if (secretName.matcher(variable.getName()).matches()) {
                    assertThat(variable.getValue()).as(service.name() + " " + variable.getName()).isNull();
                    assertThat(variable.getValueFrom().getSecretKeyRef()).as(variable.getName()).isNotNull();
                }
                assertThat(Objects.toString(variable.getValue(), "")).as(variable.getName())
                        .doesNotContainIgnoringCase("password=");
            }
        }
        for (ConfigMap configMap : overlay.all(ConfigMap.class)) {
            configMap.getData().forEach((key, value) -> {
                assertThat(key).as(configMap.getMetadata().getName()).doesNotMatch(secretName);
                assertThat(value).as(key).doesNotContainIgnoringCase("password=");
            });
        }
        assertThat(overlay.text).doesNotContain("stringData").doesNotContainIgnoringCase("BEGIN PRIVATE KEY")
                .doesNotContain("user_password");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void keepsEveryServiceAvailableThroughVoluntaryDisruptions(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            PodDisruptionBudget budget = overlay.one(PodDisruptionBudget.class, service.name());
            assertThat(budget.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment(overlay, service).getSpec().getSelector().getMatchLabels());
            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).as(service.name()).isEqualTo(1);
            assertThat(deployment(overlay, service).getSpec().getStrategy().getRollingUpdate().getMaxUnavailable()
                    .getIntVal()).as(service.name() + " rolling update").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void letsEveryServiceReachOnlyDnsItsDatabaseKafkaAndTheIssuer(Rendered overlay) {
        for (ServiceSpec service : SERVICES) {
            Map<String, String> labels = deployment(overlay, service).getSpec().getTemplate().getMetadata().getLabels();
            List<NetworkPolicy> policies = overlay.all(NetworkPolicy.class).stream()
                    .filter(policy -> labels.entrySet().containsAll(
                            policy.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(policies).as(service.name()).allSatisfy(policy -> assertThat(
                    policy.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty());
            assertThat(policies).as(service.name() + " is isolated both ways").anySatisfy(policy -> assertThat(
                    policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress"));

            List<String> egress = new ArrayList<>();
            List<String> ingress = new ArrayList<>();
            for (NetworkPolicy policy : policies) {
                for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                    assertThat(rule.getTo()).as(policy.getMetadata().getName() + ": a rule to anywhere").isNotEmpty();
                    assertThat(rule.getPorts()).as(policy.getMetadata().getName() + ": a rule on any port")
                            .isNotEmpty();
                    rule.getTo().forEach(peer -> egress.add(describe(peer) + " " + describe(rule.getPorts())));
                }
                policy.getSpec().getIngress().forEach(rule -> {
                    assertThat(rule.getFrom()).as(policy.getMetadata().getName() + ": from anywhere").isNotEmpty();
                    rule.getFrom().forEach(peer -> ingress.add(describe(peer) + " " + describe(rule.getPorts())));
                });
            }
            assertThat(egress).as(service.name() + " egress").contains(
                    "namespace{kubernetes.io/metadata.name=kube-system} pods{k8s-app=kube-dns} TCP/53,UDP/53",
                    "pods{cnpg.io/cluster=" + service.databaseCluster() + "} TCP/5432",
                    "pods{strimzi.io/broker-role=true, strimzi.io/cluster=caseledger} TCP/9093");
            List<String> databases = new ArrayList<>(List.of(service.databaseCluster()));
            if (service.name().equals("case-service")) {
                databases.add(KEYS.cluster());
            }
            assertThat(egress.stream().filter(rule -> rule.contains("cnpg.io/cluster"))).as(service.name())
                    .containsExactlyInAnyOrderElementsOf(databases.stream()
                            .map(cluster -> "pods{cnpg.io/cluster=" + cluster + "} TCP/5432").toList());
            List<String> other = egress.stream().filter(rule -> !rule.contains("kube-dns")
                    && !rule.contains("cnpg.io/cluster") && !rule.contains("strimzi.io")).toList();
            List<String> issuer = policies.stream().filter(p -> p.getMetadata().getName()
                            .equals("caseledger-oidc-issuer"))
                    .flatMap(p -> p.getSpec().getEgress().stream())
                    .flatMap(rule -> rule.getTo().stream().map(peer -> describe(peer) + " " + describe(rule.getPorts())))
                    .toList();
            assertThat(issuer).as(service.name() + " reaches the OpenID Connect issuer").singleElement();
            List<String> deliveries = service.name().equals("notification-service")
                    ? List.of("addresses{0.0.0.0/0 except 10.0.0.0/8,100.64.0.0/10,169.254.0.0/16,172.16.0.0/12,"
                    + "192.168.0.0/16} TCP/443,TCP/587") : List.of();
            List<String> expectedOther = new ArrayList<>(issuer);
            expectedOther.addAll(deliveries);
            if (KEY_CONSUMERS.contains(service.name())) {
                expectedOther.add("pods{app.kubernetes.io/name=case-service} TCP/8081");
            }
            assertThat(other).as(service.name() + " egress besides DNS, database and Kafka")
                    .containsExactlyInAnyOrderElementsOf(expectedOther);
            List<String> expectedIngress = new ArrayList<>(List.of(
                    "namespace{kubernetes.io/metadata.name=ingress-nginx} TCP/" + service.port(),
                    "namespace{kubernetes.io/metadata.name=monitoring} TCP/" + service.managementPort()));
            if (service.name().equals("case-service")) {
                KEY_CONSUMERS.forEach(consumer -> expectedIngress.add(
                        "pods{app.kubernetes.io/name=" + consumer + "} TCP/" + service.port()));
            }
            assertThat(ingress).as(service.name() + " ingress").containsExactlyInAnyOrderElementsOf(expectedIngress);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void prometheusScrapesEveryServiceOnItsManagementPortWhichTheIngressNeverRoutesTo(Rendered overlay) {
        JsonNode monitor = overlay.generic("ServiceMonitor").get(0);
        assertThat(overlay.generic("ServiceMonitor")).hasSize(1);
        assertThat(monitor.at("/spec/endpoints")).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.path("port").asText()).isEqualTo("management");
            assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
        });
        Map<String, String> selector = new TreeMap<>();
        monitor.at("/spec/selector/matchLabels").fields()
                .forEachRemaining(label -> selector.put(label.getKey(), label.getValue().asText()));
        List<String> scraped = overlay.all(Service.class).stream()
                .filter(service -> service.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .filter(service -> service.getSpec().getPorts().stream()
                        .anyMatch(port -> "management".equals(port.getName())))
                .map(service -> service.getMetadata().getName())
                .toList();
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(ServiceSpec::name).toList());
        for (Ingress ingress : overlay.all(Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    var port = path.getBackend().getService().getPort();
                    assertThat(port.getName() != null ? port.getName() : String.valueOf(port.getNumber()))
                            .as(path.getPath()).isNotIn("management", "9081", "9082", "9083", "9084");
                    assertThat(path.getPath()).as("routes to actuator").doesNotContain("actuator");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void exposesOnlyTheApisAndTheDashboardOverTls(Rendered overlay) {
        List<Ingress> ingresses = overlay.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        Ingress ingress = ingresses.get(0);
        Set<String> hosts = ingress.getSpec().getRules().stream().map(IngressRule::getHost).collect(Collectors.toSet());
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> assertThat(tls.getHosts())
                .containsExactlyInAnyOrderElementsOf(hosts));
        List<String> routes = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            Set<String> services = new TreeSet<>();
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                services.add(path.getBackend().getService().getName());
                routes.add(path.getBackend().getService().getName() + " " + path.getPathType() + " "
                        + path.getPath());
            }
            assertThat(services).as(rule.getHost() + ": one service per host").hasSize(1);
        }
        assertThat(routes).containsExactlyInAnyOrder(
                "projections Exact /", "projections Prefix /api", "projections Prefix /webjars",
                "projections Prefix /dashboard", "projections Prefix /oauth2", "projections Prefix /login",
                "case-service Prefix /api/cases", "case-service Prefix /api/admin",
                "case-service Prefix /api/imports", "case-service Exact /v3/api-docs",
                "appeal-service Prefix /api", "appeal-service Exact /v3/api-docs",
                "notification-service Prefix /api");
    }

    /**
     * NGINX's defaults would refuse an import file above 1 MB, which case-service takes up to 16 MB, and cut after 60 s
     * a verification of the ledger, which reads every event.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theIngressLetsThroughWhatTheServicesTake(Rendered overlay) {
        Map<String, String> annotations = overlay.one(Ingress.class, "caseledger").getMetadata().getAnnotations();
        assertThat(annotations).containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "16m")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "900")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "900");
    }

    private static Set<String> grants(KafkaUser user) {
        KafkaUserAuthorizationSimple authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
        Set<String> grants = new TreeSet<>();
        for (AclRule rule : authorization.getAcls()) {
            assertThat(rule.getHost()).as(user.getMetadata().getName()).isIn(null, "*");
            assertThat(rule.getOperation()).as("operation, a name that Strimzi's v1 API no longer has").isNull();
            String resource;
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                assertThat(topic.getPatternType()).as(user.getMetadata().getName() + " topic " + topic.getName())
                        .isEqualTo(AclResourcePatternType.LITERAL);
                resource = "topic " + topic.getName();
            } else if (rule.getResource() instanceof AclRuleTransactionalIdResource transactionalId) {
                resource = "transactionalId " + transactionalId.getName()
                        + (transactionalId.getPatternType() == AclResourcePatternType.PREFIX ? " (prefix)" : "");
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                resource = "group " + group.getName()
                        + (group.getPatternType() == AclResourcePatternType.PREFIX ? " (prefix)" : "");
            } else {
                throw new AssertionError(user.getMetadata().getName() + " is granted " + rule.getResource().getType()
                        + ", which no service needs");
            }
            rule.getOperations().forEach(operation -> grants.add(resource + " " + operation.toValue()));
        }
        return grants;
    }

    private static boolean mayReadGroup(KafkaUser user, String group) {
        return ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls().stream()
                .anyMatch(rule -> rule.getResource() instanceof AclRuleGroupResource resource
                        && rule.getOperations().contains(AclOperation.READ)
                        && (resource.getPatternType() == AclResourcePatternType.PREFIX
                        ? group.startsWith(resource.getName()) : group.equals(resource.getName())));
    }

    private static Deployment deployment(Rendered overlay, ServiceSpec service) {
        return overlay.one(Deployment.class, service.name());
    }

    private static Container container(Rendered overlay, ServiceSpec service) {
        List<Container> containers = deployment(overlay, service).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as(service.name()).hasSize(1);
        return containers.get(0);
    }

    private static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable -> variable));
    }

    /**
     * The settings a container's Spring Boot application reads from its environment, bound by Spring Boot's own rules
     * for environment variables; a value from a secret stands as a placeholder, as the secret's value is not here.
     */
    private static Binder environmentOf(Rendered overlay, Container container) {
        Map<String, Object> variables = new TreeMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            variables.putAll(overlay.one(ConfigMap.class, source.getConfigMapRef().getName()).getData());
        }
        for (EnvVar variable : container.getEnv()) {
            variables.put(variable.getName(), variable.getValue() != null ? variable.getValue()
                    : "<" + variable.getValueFrom().getSecretKeyRef().getName() + ">");
        }
        return new Binder(ConfigurationPropertySources.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)));
    }

    private static String secretOf(Map<String, EnvVar> env, String name) {
        EnvVar variable = env.get(name);
        assertThat(variable).as(name).isNotNull();
        assertThat(variable.getValue()).as(name).isNull();
        return variable.getValueFrom().getSecretKeyRef().getName();
    }

    /** The secret whose volume is mounted where the file lies, checking the file is one of its items. */
    private static String secretVolume(PodSpec pod, Container container, String file) {
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted where " + file + " lies"));
        assertThat(mount.getReadOnly()).as(mount.getMountPath()).isTrue();
        Volume volume = volume(pod, mount.getName());
        String item = file.substring(mount.getMountPath().length() + 1);
        assertThat(volume.getSecret().getItems()).as(file).anyMatch(i -> i.getPath().equals(item));
        return volume.getSecret().getSecretName();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static void assertProbe(Probe probe, String path, ServiceSpec service) {
        assertThat(probe).as(service.name() + " " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as(service.name()).isEqualTo(path);
        assertThat(Optional.ofNullable(probe.getHttpGet().getPort().getStrVal())
                .orElse(String.valueOf(probe.getHttpGet().getPort().getIntVal())))
                .isIn("management", String.valueOf(service.managementPort()));
    }

    private static String describe(NetworkPolicyPeer peer) {
        List<String> parts = new ArrayList<>();
        if (peer.getIpBlock() != null) {
            List<String> except = peer.getIpBlock().getExcept();
            parts.add("addresses{" + peer.getIpBlock().getCidr()
                    + (except == null || except.isEmpty() ? "" : " except " + String.join(",", new TreeSet<>(except)))
                    + "}");
        }
        if (peer.getNamespaceSelector() != null) {
            parts.add("namespace" + new TreeMap<>(peer.getNamespaceSelector().getMatchLabels()));
        }
        if (peer.getPodSelector() != null) {
            parts.add("pods" + new TreeMap<>(peer.getPodSelector().getMatchLabels()));
        }
        return String.join(" ", parts);
    }

    private static String describe(List<NetworkPolicyPort> ports) {
        return ports.stream().map(port -> port.getProtocol() + "/" + port.getPort().getIntVal()).sorted()
                .collect(Collectors.joining(","));
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
