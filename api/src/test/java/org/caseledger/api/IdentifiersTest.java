package org.caseledger.api;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifiersTest {

    private static final long AT = Instant.parse("2026-12-06T11:42:17.345Z").toEpochMilli();

    @Test
    void anIdIsAVersion7UuidOfTheIetfVariant() {
        UUID id = UUID.fromString(Identifiers.next());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void anIdCarriesTheMinuteItWasMadeAndNothingFiner() {
        UUID id = Identifiers.next(AT);

        long millis = id.getMostSignificantBits() >>> 16;
        assertThat(Instant.ofEpochMilli(millis)).isEqualTo(Instant.parse("2026-12-06T11:42:00Z"));
    }

    @Test
    void idsOfALaterMinuteSortAfterThoseOfAnEarlierOneAsTheTextTheServicesStore() {
        Set<String> earlier = ids(AT, 1_000);
        Set<String> later = ids(AT + 60_000, 1_000);

        String lastEarlier = earlier.stream().max(String::compareTo).orElseThrow();
        String firstLater = later.stream().min(String::compareTo).orElseThrow();
        assertThat(firstLater).isGreaterThan(lastEarlier);
    }

    @Test
    void idsOfOneMinuteAreAllDifferentAndSpreadOverTheirRandomBits() {
        Set<String> ids = ids(AT, 100_000);

        assertThat(ids).hasSize(100_000);
        Set<Long> randomA = new HashSet<>();
        Set<Long> lastDigits = new HashSet<>();
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            randomA.add(uuid.getMostSignificantBits() & 0x0FFFL);
            lastDigits.add(uuid.getLeastSignificantBits() & 0xFFL);
        }
        assertThat(randomA).hasSize(4_096);
        assertThat(lastDigits).hasSize(256);
    }

    private static Set<String> ids(long at, int count) {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, count).forEach(i -> ids.add(Identifiers.next(at).toString()));
        return ids;
    }
}
