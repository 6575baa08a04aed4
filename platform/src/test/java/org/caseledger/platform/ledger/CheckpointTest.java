package org.caseledger.platform.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A checkpoint names the tree it signed; one that names none was signed before checkpoints named it. */
class CheckpointTest {

    private static final String ROOT = "9f2c4e1a0b3d5f7e8c6a4b2d0f1e3c5a7b9d8e6f4a2c0b1d3e5f7a9c8b6d4e2f";

    @Test
    void aCheckpointWithoutAFormatAsExportsAndTheTopicCarriedThemBeforeIsOfTheFirst() throws Exception {
        Checkpoint read = new ObjectMapper().readValue("""
                {"service":"case-service","number":12,"upToGlobalIndex":18452,"events":18452,"aggregates":2107,
                 "merkleRoot":"%s","createdAt":"2026-03-02T10:15:30.123Z","keyId":"3c5a7b9d8e6f4a2c",
                 "signature":"c2ln"}""".formatted(ROOT), Checkpoint.class);

        assertThat(read.format()).isEqualTo(Checkpoint.V1);
    }

    @Test
    void theFormatBeginsTheBytesSigned() {
        byte[] first = checkpoint(Checkpoint.V1).signedBytes();
        byte[] second = checkpoint(Checkpoint.V2).signedBytes();

        assertThat(new String(Arrays.copyOf(first, Checkpoint.V1.length()), StandardCharsets.UTF_8))
                .isEqualTo(Checkpoint.V1);
        assertThat(new String(Arrays.copyOf(second, Checkpoint.V2.length()), StandardCharsets.UTF_8))
                .isEqualTo(Checkpoint.V2);
        assertThat(Arrays.copyOfRange(first, Checkpoint.V1.length(), first.length))
                .isEqualTo(Arrays.copyOfRange(second, Checkpoint.V2.length(), second.length));
    }

    @Test
    void noOtherFormatIsTaken() {
        assertThatThrownBy(() -> checkpoint("caseledger-checkpoint-v3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'caseledger-checkpoint-v3' is no checkpoint format");
    }

    private static Checkpoint checkpoint(String format) {
        return new Checkpoint(format, "case-service", 12, 18452, 18452, 2107, ROOT, "2026-03-02T10:15:30.123Z",
                "3c5a7b9d8e6f4a2c", "");
    }
}
