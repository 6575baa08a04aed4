package org.caseledger.bench.history;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes generated histories as an import file of case-service (docs/imports.md): one row per person, as a group
 * that kept its cases in a spreadsheet would have them. A row holds what such a table holds: the person, the
 * detention that opened the case, its source, and of each status fact — sentence, release, departure, death — the
 * last one recorded and not retracted. Everything else of a history (testimonies, whereabouts, charges, lost contact,
 * corrections, the duplicate report, appeals) and the facts' own sources are left out: the imported ledger is a
 * simpler one than the history recorded through the APIs, and its statistics differ from that history's.
 *
 * <p>{@code java -cp <bench jar and its lib> org.caseledger.bench.history.HistoryCsv <people> [seed] > people.csv}
 */
public final class HistoryCsv {

    static final List<String> COLUMNS = List.of("name", "name_cyrillic", "gender", "birth_year", "age",
            "age_as_of_year", "ethnicity", "citizenships", "hometown_county", "hometown_prefecture", "occupation",
            "detention_date", "detention_place", "detention_kind", "detention_facility",
            "sentence_date", "sentence_years", "sentence_months", "sentence_life", "sentence_court",
            "release_date", "release_conditions", "departure_date", "departure_country",
            "death_date", "death_in_custody", "death_circumstances",
            "source_type", "source_reliability", "source_reference");

    private HistoryCsv() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: HistoryCsv <people> [seed]");
            System.exit(2);
        }
        int people = Integer.parseInt(args[0]);
        HistoryGenerator generator = new HistoryGenerator(args.length > 1 ? Long.parseLong(args[1]) : 1L);
        List<PersonHistory> histories = new ArrayList<>();
        for (int n = 1; n <= people; n++) {
            histories.add(generator.person(n));
        }
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        write(histories, out);
        out.flush();
    }

    /** The header and one row per person, RFC 4180 with CRLF line ends. */
    public static void write(List<PersonHistory> people, Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new))
                .get());
        for (PersonHistory person : people) {
            Map<String, String> row = row(person);
            csv.printRecord(COLUMNS.stream().map(column -> row.getOrDefault(column, "")));
        }
        csv.flush();
    }

    /** The person's row, by column; columns the history gives nothing for are absent. */
    @SuppressWarnings("unchecked")
    static Map<String, String> row(PersonHistory history) {
        Map<String, String> row = new LinkedHashMap<>();
        Step opening = history.steps().stream()
                .filter(step -> step.kind() == Step.Kind.OPEN && step.caseIndex() == 0)
                .findFirst().orElseThrow();
        Map<String, Object> person = (Map<String, Object>) opening.body().get("person");
        put(row, "name", person.get("name"));
        put(row, "name_cyrillic", ((List<Map<String, Object>>) person.getOrDefault("nameVariants", List.of()))
                .stream().filter(variant -> "CYRILLIC".equals(variant.get("script")))
                .map(variant -> variant.get("text").toString()).collect(Collectors.joining("|")));
        put(row, "gender", person.get("gender"));
        Map<String, Object> birth = (Map<String, Object>) person.get("birth");
        if (birth != null) {
            put(row, "birth_year", birth.get("year"));
            if (birth.get("ageFrom") != null) {
                put(row, "age", birth.get("ageFrom") + "-" + birth.get("ageTo"));
                put(row, "age_as_of_year", birth.get("ageAsOfYear"));
            }
        }
        put(row, "ethnicity", person.get("ethnicity"));
        put(row, "citizenships", String.join("|", (List<String>) person.getOrDefault("citizenships", List.of())));
        Map<String, Object> hometown = (Map<String, Object>) person.get("hometown");
        if (hometown != null) {
            put(row, "hometown_county", hometown.get("county"));
            put(row, "hometown_prefecture", hometown.get("prefecture"));
        }
        put(row, "occupation", person.get("occupation"));
        Map<String, Object> detention = (Map<String, Object>) opening.body().get("detention");
        put(row, "detention_date", detention.get("date"));
        put(row, "detention_place", detention.get("place"));
        put(row, "detention_kind", detention.get("kind"));
        put(row, "detention_facility", detention.get("facilityId"));
        Map<String, Object> source = (Map<String, Object>) opening.body().get("source");
        put(row, "source_type", source.get("type"));
        put(row, "source_reliability", source.get("reliability"));
        put(row, "source_reference", source.get("reference"));

        Map<String, Map<String, Object>> facts = lastStandingFacts(history);
        Map<String, Object> sentence = facts.get("/sentences");
        if (sentence != null) {
            Map<String, Object> term = (Map<String, Object>) sentence.get("term");
            put(row, "sentence_date", sentence.get("date"));
            put(row, "sentence_years", term.get("years"));
            put(row, "sentence_months", term.get("months"));
            put(row, "sentence_life", term.get("life"));
            put(row, "sentence_court", sentence.get("court"));
        }
        Map<String, Object> release = facts.get("/releases");
        if (release != null) {
            put(row, "release_date", release.get("date"));
            put(row, "release_conditions", release.get("conditions"));
        }
        Map<String, Object> departure = facts.get("/departures");
        if (departure != null) {
            put(row, "departure_date", departure.get("date"));
            put(row, "departure_country", departure.get("destinationCountry"));
        }
        Map<String, Object> death = facts.get("/deaths");
        if (death != null) {
            put(row, "death_date", death.get("date"));
            put(row, "death_in_custody", death.get("inCustody"));
            put(row, "death_circumstances", death.get("circumstances"));
        }
        return row;
    }

    /** Of the person's own case, the body of the last fact of each status kind that no correction retracted. */
    private static Map<String, Map<String, Object>> lastStandingFacts(PersonHistory history) {
        Set<String> retracted = new HashSet<>();
        history.steps().stream().filter(step -> step.kind() == Step.Kind.CORRECTION)
                .forEach(step -> retracted.add(step.refers()));
        Map<String, Map<String, Object>> facts = new LinkedHashMap<>();
        for (Step step : history.steps()) {
            boolean standing = step.tag() == null || !retracted.contains(step.tag());
            if (step.kind() == Step.Kind.FACT && step.caseIndex() == 0 && standing
                    && List.of("/sentences", "/releases", "/departures", "/deaths").contains(step.path())) {
                facts.put(step.path(), step.body());
            }
        }
        return facts;
    }

    private static void put(Map<String, String> row, String column, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            row.put(column, value.toString());
        }
    }
}
