package org.caseledger.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void readsWhatInstantWritesAsInstantReadsIt() {
        Random random = new Random(20261202);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String written = instant.toString();

            assertThat(Timestamps.parse(written)).as(written).isEqualTo(instant).isEqualTo(Instant.parse(written));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
            "2026-12-02T11:35:48.1Z", "2026-12-02T11:35:48.12Z", "2026-12-02T11:35:48.1234Z",
            "2026-12-02T11:35:48.12345678Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
            // Not in the form Instant writes: read by Instant.parse.
            "2026-12-02t11:35:48z", "2026-12-02T11:35:48+01:00", "2026-12-02T12:35:48.5+01:00",
            "2016-12-31T23:59:60Z", "+12026-12-02T11:35:48Z", "-0001-12-02T11:35:48Z", "2026-12-02T24:00:00Z",
            "2026-12-02T11:35:48.Z"})
    void readsEveryTextAsInstantDoes(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T11:35:48Z", "2026-13-02T11:35:48Z", "2026-12-32T11:35:48Z",
            "2026-12-02T24:30:00Z", "2026-12-02T11:60:48Z", "2026-12-02T11:35:61Z",
            "2026-12-02T11:35:48.1234567891Z", "2026-12-02T11:35:4xZ", "2026-12-02T11:35:48.12a4Z",
            "2026-12-02 11:35:48Z", "2026-12-02T11:35:48", "", "yesterday"})
    void refusesWhatInstantRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class)
                .hasMessageContaining(text);
    }
}
