package org.caseledger.bench.history;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names the bench's load gives the people it opens cases for: many, so that the search it measures finds the
 * few people of one name, and the same for the same number, so that it searches names the ledger holds.
 */
class PersonNameTest {

    @Test
    void eachOfEightHundredAndTwentyNumbersInARowNamesAnotherPerson() {
        Set<String> names = new HashSet<>();
        LongStream.rangeClosed(1, 820).forEach(number -> names.add(HistoryGenerator.name(number).latin()));

        assertThat(names).hasSize(820);
        assertThat(HistoryGenerator.name(1 + 820)).isEqualTo(HistoryGenerator.name(1));
        assertThat(HistoryGenerator.name(7)).isEqualTo(HistoryGenerator.name(7));
    }

    @Test
    void aNameComesInCyrillicScriptAndWithTheGenderItsGivenNameHas() {
        assertThat(HistoryGenerator.name(0))
                .isEqualTo(new HistoryGenerator.PersonName("Nurlan Tursun", "Нурлан Турсун", "MALE"));
        assertThat(HistoryGenerator.name(25 + 41))
                .isEqualTo(new HistoryGenerator.PersonName("Gulnar Abdulla", "Гулнар Абдулла", "FEMALE"));
    }
}
