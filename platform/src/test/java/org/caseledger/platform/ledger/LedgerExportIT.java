package org.caseledger.platform.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.Producer;
import org.caseledger.platform.ledger.ChainProblem.Kind;
import org.caseledger.platform.testing.LedgerTestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export of a real event store, verified by the command-line verifier with nothing but the file and the public
 * key: an untouched export verifies as the store does, and what was done to the store before the export, or to the
 * file after it, is found and named — including what only a checkpoint can show, the removal of an aggregate's last
 * event with the file's counts made to agree.
 */
class LedgerExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Producer<String, byte[]> producer;
    private static LedgerKeys keys;

    @TempDir
    Path files;
    private LedgerStore store;
    private List<String> aggregates;

    @BeforeAll
    static void keysAndBroker() {
        keys = LedgerKeys.read(publicKey(), Optional.of(LedgerTestKeys.directory().resolve("ledger.pem")));
        producer = LedgerStore.checkpointProducer();
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @BeforeEach
    void storeWithACheckpointAndEventsAfterIt() {
        store = LedgerStore.fresh();
        aggregates = store.record(3, 4);
        store.checkpointer(keys, "ledger-test-" + UUID.randomUUID(), 1, producer).checkpoint(1);
        store.eventStore.appendEvents(LedgerStore.note(aggregates.get(0), 4));
    }

    @Test
    void anExportOfAnUntouchedStoreVerifiesWithThePublicKeyAlone() throws Exception {
        Path export = export();

        Run run = verifyWithKey(export);

        assertThat(run.exit()).as(run.output()).isEqualTo(VerifyLedgerExport.VERIFIED);
        assertThat(run.output()).contains("13 events of 3 aggregates, 1 checkpoints").contains("VERIFIED: every "
                + "event's hash chain holds and every checkpoint is signed by the given key");
        LedgerVerification fromFile = check(export).ledger();
        LedgerVerification fromStore = new LedgerVerifier(store.database.runtimeDataSource(), Optional.of(keys))
                .verify();
        assertThat(fromFile.eventsChecked()).isEqualTo(fromStore.eventsChecked()).isEqualTo(13);
        assertThat(fromFile.aggregatesChecked()).isEqualTo(fromStore.aggregatesChecked());
        assertThat(fromFile.checkpointsChecked()).isEqualTo(fromStore.checkpointsChecked()).isEqualTo(1);
    }

    @Test
    void anEventAlteredInTheStoreBeforeTheExportIsNamed() throws Exception {
        String aggregate = aggregates.get(1);
        String eventId = store.stored(aggregate, 2).eventId();
        store.superuser.sql("""
                        UPDATE domainevententry SET payload = set_byte(payload, 10, get_byte(payload, 10) # 1)
                         WHERE aggregateidentifier = ? AND sequencenumber = 2""")
                .param(aggregate).update();

        Run run = verifyWithKey(export());

        assertThat(run.exit()).isEqualTo(VerifyLedgerExport.NOT_VERIFIED);
        assertThat(run.output()).contains("NOT VERIFIED").contains("aggregate " + aggregate + ", sequence 2, event "
                + eventId + ": HASH_MISMATCH");
    }

    @Test
    void aByteChangedInTheFileIsNamed() throws Exception {
        String aggregate = aggregates.get(2);
        String eventId = store.stored(aggregate, 1).eventId();
        Path export = rewrite(export(), lines -> {
            ObjectNode event = (ObjectNode) event(lines, aggregate, 1).get("event");
            byte[] payload = Base64.getDecoder().decode(event.get("payload").asText());
            payload[payload.length - 3] ^= 1;
            event.put("payload", Base64.getEncoder().encodeToString(payload));
            return lines;
        });

        LedgerExportCheck.Result result = check(export);

        assertThat(result.verified()).isFalse();
        assertThat(result.exportProblem()).isNull();
        assertNamed(result.ledger().firstProblem(), aggregate, 1, eventId, Kind.HASH_MISMATCH);
    }

    @Test
    void anEventRemovedFromTheFileIsNamedAndTheCountsShowIt() throws Exception {
        String aggregate = aggregates.get(0);
        String following = store.stored(aggregate, 2).eventId();
        Path export = rewrite(export(), lines -> {
            lines.remove(event(lines, aggregate, 1));
            return lines;
        });

        LedgerExportCheck.Result result = check(export);

        assertThat(result.verified()).isFalse();
        assertNamed(result.ledger().firstProblem(), aggregate, 2, following, Kind.MISSING_SEQUENCE);
        assertThat(result.exportProblem()).contains("counts 1 checkpoints and 13 events, but the file holds 1 and 12");
    }

    @Test
    void anAggregatesLastEventsRemovedWithTheCountsMadeToAgreeAreFoundByTheCheckpoint() throws Exception {
        String aggregate = aggregates.get(1);
        Path export = rewrite(export(), lines -> {
            lines.remove(event(lines, aggregate, 3));
            ((ObjectNode) lines.get(lines.size() - 1).get("end")).put("events", 12);
            return lines;
        });

        LedgerExportCheck.Result result = check(export);

        assertThat(result.exportProblem()).isNull();
        assertThat(result.ledger().firstProblem()).as("every chain left in the file holds").isNull();
        assertThat(result.verified()).isFalse();
        assertThat(result.ledger().checkpointProblem().problem()).isEqualTo(CheckpointProblem.Kind.STORE_CHANGED);
        assertThat(result.ledger().checkpointProblem().number()).isEqualTo(1);
    }

    @Test
    void anExportCutShortOrWithALineAddedDoesNotVerify() throws Exception {
        Path export = export();
        List<String> lines = Files.readAllLines(export);

        Path cut = files.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 1));
        LedgerExportCheck.Result cutShort = check(cut);
        assertThat(cutShort.verified()).isFalse();
        assertThat(cutShort.ledger().firstProblem()).isNull();
        assertThat(cutShort.exportProblem()).contains("without the export's last line").contains("cut short");

        Path added = files.resolve("added.jsonl");
        List<String> more = new ArrayList<>(lines);
        more.add(lines.get(lines.size() - 2));
        Files.write(added, more);
        LedgerExportCheck.Result appended = check(added);
        assertThat(appended.verified()).isFalse();
        assertThat(appended.exportProblem()).isEqualTo("Line " + more.size() + ": a line after the export's last line: "
                + "something was added to the file");
    }

    @Test
    void anExportIsNotVerifiedWithAnotherKeyOrWithoutAKey() throws Exception {
        Path export = export();
        Path otherKey = files.resolve("other.pub.pem");
        Files.writeString(otherKey, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");

        Run other = run(export.toString(), "--public-key", otherKey.toString());
        assertThat(other.exit()).isEqualTo(VerifyLedgerExport.NOT_VERIFIED);
        assertThat(other.output()).contains("first checkpoint not borne out: 1: BAD_SIGNATURE");

        Run none = run(export.toString());
        assertThat(none.exit()).isEqualTo(VerifyLedgerExport.NOT_VERIFIED);
        assertThat(none.output()).contains("NO_PUBLIC_KEY. Give the service's public key with --public-key");

        Run missing = run(files.resolve("nothing.jsonl").toString(), "--public-key", publicKey().toString());
        assertThat(missing.exit()).isEqualTo(VerifyLedgerExport.CANNOT_RUN);
        assertThat(missing.errors()).startsWith("No such file: ");
    }

    private Path export() throws IOException {
        Path file = files.resolve("export-" + UUID.randomUUID() + ".jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            LedgerExport.write(store.database.runtimeDataSource(), "ledger-test", Instant.now(), out);
        }
        return file;
    }

    private Path rewrite(Path export, UnaryOperator<List<ObjectNode>> change) throws IOException {
        List<ObjectNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(export)) {
            lines.add((ObjectNode) JSON.readTree(line));
        }
        List<String> changed = new ArrayList<>();
        for (ObjectNode line : change.apply(lines)) {
            changed.add(JSON.writeValueAsString(line));
        }
        Path file = files.resolve("changed-" + UUID.randomUUID() + ".jsonl");
        Files.write(file, changed);
        return file;
    }

    private static ObjectNode event(List<ObjectNode> lines, String aggregate, long sequence) {
        return lines.stream().filter(line -> line.has("event")
                        && line.at("/event/aggregateId").asText().equals(aggregate)
                        && line.at("/event/sequenceNumber").asLong() == sequence)
                .findFirst().orElseThrow();
    }

    private static LedgerExportCheck.Result check(Path export) throws IOException {
        try (var in = Files.newInputStream(export)) {
            return LedgerExportCheck.verify(in, Optional.of(keys));
        }
    }

    private static Path publicKey() {
        return LedgerTestKeys.directory().resolve("ledger.pub.pem");
    }

    private Run verifyWithKey(Path export) {
        return run(export.toString(), "--public-key", publicKey().toString());
    }

    private record Run(int exit, String output, String errors) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyLedgerExport.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertNamed(ChainProblem problem, String aggregate, long sequence, String eventId, Kind kind) {
        assertThat(problem).isNotNull();
        assertThat(problem.aggregateId()).isEqualTo(aggregate);
        assertThat(problem.sequenceNumber()).isEqualTo(sequence);
        assertThat(problem.eventId()).isEqualTo(eventId);
        assertThat(problem.problem()).isEqualTo(kind);
    }
}
