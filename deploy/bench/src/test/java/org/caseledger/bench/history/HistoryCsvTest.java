package org.caseledger.bench.history;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryCsvTest {

    private static final int PEOPLE = 400;

    @Test
    void writesOneRowPerPersonWithTheOpeningAndTheLastStandingFactOfEachKind() throws Exception {
        HistoryGenerator generator = new HistoryGenerator(11);
        List<PersonHistory> people = new ArrayList<>();
        for (int n = 1; n <= PEOPLE; n++) {
            people.add(generator.person(n));
        }
        StringWriter file = new StringWriter();

        HistoryCsv.write(people, file);

        List<CSVRecord> rows;
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(file.toString()))
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            assertThat(parser.getHeaderNames()).isEqualTo(HistoryCsv.COLUMNS);
            rows = parser.getRecords();
        }
        assertThat(rows).hasSize(PEOPLE);
        int retractedReleases = 0;
        for (int i = 0; i < PEOPLE; i++) {
            PersonHistory person = people.get(i);
            CSVRecord row = rows.get(i);
            assertThat(row.isConsistent()).isTrue();
            Map<String, Object> opening = person.steps().get(0).body();
            assertThat(row.get("name")).isEqualTo(((Map<?, ?>) opening.get("person")).get("name"));
            assertThat(row.get("detention_date")).isEqualTo(((Map<?, ?>) opening.get("detention")).get("date"));
            assertThat(row.get("source_type")).isEqualTo(((Map<?, ?>) opening.get("source")).get("type"));
            Set<String> retracted = person.steps().stream().filter(step -> step.kind() == Step.Kind.CORRECTION)
                    .map(Step::refers).collect(Collectors.toSet());
            List<Step> releases = person.steps().stream()
                    .filter(step -> step.kind() == Step.Kind.FACT && step.caseIndex() == 0
                            && step.path().equals("/releases"))
                    .toList();
            List<Step> standing = releases.stream()
                    .filter(step -> step.tag() == null || !retracted.contains(step.tag())).toList();
            String expected = standing.isEmpty() ? "" : standing.get(standing.size() - 1).body().get("date").toString();
            assertThat(row.get("release_date")).as("person %d", i + 1).isEqualTo(expected);
            if (standing.size() < releases.size()) {
                retractedReleases++;
            }
            List<Step> deaths = person.steps().stream().filter(step -> step.path().equals("/deaths")).toList();
            assertThat(row.get("death_date")).isEqualTo(deaths.isEmpty() ? "" : deaths.get(0).body().get("date"));
        }
        assertThat(retractedReleases).as("people whose mistaken release was retracted").isPositive();
    }
}
