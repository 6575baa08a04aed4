package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.bench.history.HistoryGenerator;
import org.caseledger.bench.history.HistoryWriter;
import org.caseledger.bench.history.PersonHistory;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.TokenSource;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.personaldata.RemoteDataKeys;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A generated history of a few hundred people, recorded through the real services' APIs (case-service derives every
 * status by its own rules, appeal-service records the silences by its own deadlines), must give the statistics that
 * an independent reading of the topics gives: this test reads both topics from their start as any Kafka client
 * would, works out every figure from the events (the statuses as the cases derived them, the facts as recorded,
 * retractions, merges, appeals and their answers) without any of projections' code, and compares it with
 * {@code GET :8084/api/statistics}, without filters and under filters. Everything on the topics is counted, the
 * cases other end-to-end tests recorded included, so no figure is left out by a filter of the test's own.
 */
class GeneratedHistoryStatisticsIT {

    static final long SEED = 20171104L;
    static final int PEOPLE = 200;

    static ServiceProcess caseService;
    static ServiceProcess appealService;
    static ServiceProcess projections;
    static TopicReader caseTopic;
    static TopicReader appealTopic;
    /** Opens the sealed personal values on the topics, with keys asked of case-service as any consumer may. */
    static PersonalDataCodec opener;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
        appealService = EndToEndStack.startAppealService(List.of(), List.of("--db-scheduler.polling-interval=1s"));
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        caseTopic = new TopicReader(kafka, Topics.CASES);
        appealTopic = new TopicReader(kafka, Topics.APPEALS);
        Map<String, String> consumer = PersonalDataTestKeys.consumerProperties(caseService.url(""));
        opener = new PersonalDataCodec(new ObjectMapper(), new RemoteDataKeys(URI.create(caseService.url("")),
                URI.create(TestTokens.get().issuer() + "/protocol/openid-connect/token"),
                consumer.get("caseledger.personal-data.client-id"),
                consumer.get("caseledger.personal-data.client-secret"), Clock.systemUTC()));
    }

    @AfterAll
    static void stopServices() {
        if (appealService != null) {
            appealService.close();
        }
        if (caseTopic != null) {
            caseTopic.close();
            appealTopic.close();
        }
    }

    @Test
    void statisticsOfAGeneratedHistoryAgreeWithTheirIndependentReadingOfTheTopics() throws Exception {
        HistoryGenerator generator = new HistoryGenerator(SEED);
        List<PersonHistory> people = LongStream.range(0, PEOPLE).mapToObj(generator::person).toList();
        assertThat(generator.person(17)).as("the same seed makes the same person").isEqualTo(people.get(17));
        try (HistoryWriter writer = new HistoryWriter(
                new Http(TokenSource.supplied(() -> TestTokens.get().token(Role.OPERATOR))),
                new Http(TokenSource.supplied(() -> TestTokens.get().token(Role.ADMIN))),
                path -> URI.create(caseService.url(path)), path -> URI.create(appealService.url(path)), 6)) {
            writer.write(people);
        }

        Ledger[] read = new Ledger[1];
        for (Map<String, String> filters : List.of(
                Map.<String, String>of(),
                Map.of("prefecture", "Ili", "detainedFrom", "2017", "detainedTo", "2018-06"),
                Map.of("status", "DETAINED", "gender", "FEMALE"),
                Map.of("ethnicity", "Kazakh", "county", "Zhaosu"))) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                read[0] = Ledger.of(drained(caseTopic), drained(appealTopic), opener);
                assertThat(differences(read[0].figures(filters), shown(filters), read[0].untold(filters)))
                        .as("figures the statistics under " + filters + " show otherwise than the topics tell")
                        .isEmpty();
            });
        }

        Ledger ledger = read[0];
        Map<String, String> everything = ledger.figures(Map.of());
        assertThat(ledger.cases.values().stream().filter(c -> c.mergedInto != null).count())
                .as("duplicates were merged").isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(everything.get("byStatus.disputed"))).as("some cases are disputed").isPositive();
        assertThat(ledger.cases.values().stream().filter(c -> c.facts.stream().anyMatch(f -> f.retracted)).count())
                .as("facts were retracted").isGreaterThanOrEqualTo(5);
        assertThat(Integer.parseInt(everything.get("appeals.all.overdueNow"))).as("appeals went unanswered")
                .isPositive();
        assertThat(Integer.parseInt(everything.get("appeals.all.answered"))).isPositive();
        assertThat(everything.keySet()).as("every status is among the generated ones")
                .contains("byStatus.DETAINED", "byStatus.SENTENCED", "byStatus.RELEASED", "byStatus.MISSING",
                        "byStatus.LEFT_COUNTRY", "byStatus.DECEASED");
    }

    /**
     * Each figure that differs, as "figure: the topics tell …, the statistics show …", leaving out the breakdowns the
     * topics can no longer tell.
     */
    private static List<String> differences(Map<String, String> told, Map<String, String> shown, Set<String> untold) {
        Set<String> figures = new TreeSet<>(told.keySet());
        figures.addAll(shown.keySet());
        return figures.stream()
                .filter(figure -> !untold.contains("*") && !untold.contains(figure.substring(0, figure.indexOf('.'))))
                .filter(figure -> !Objects.equals(told.get(figure), shown.get(figure)))
                .map(figure -> figure + ": the topics tell " + told.get(figure) + ", the statistics show "
                        + shown.get(figure))
                .toList();
    }

    private static List<ConsumerRecord<String, byte[]>> drained(TopicReader reader) {
        int before;
        List<ConsumerRecord<String, byte[]>> records = reader.records();
        do {
            before = records.size();
            records = reader.records();
        } while (records.size() > before);
        return records;
    }

    /** The statistics answer's figures under the filters, by the same names the independent reading uses. */
    private Map<String, String> shown(Map<String, String> filters) throws Exception {
        StringBuilder query = new StringBuilder();
        filters.forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<String> response = EndToEndStack.get(projections.url("/api/statistics" + query));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode stats = json.readTree(response.body());
        Map<String, String> figures = new TreeMap<>();
        for (String breakdown : Ledger.BREAKDOWNS) {
            JsonNode shown = stats.get(breakdown);
            figures.put(breakdown + ".n", shown.get("n").asText());
            figures.put(breakdown + ".unknown", shown.get("unknown").asText());
            shown.get("cells").forEach(cell -> figures.put(breakdown + "." + cell.get("key").asText(),
                    cell.get("count").asText()));
        }
        figures.put("byStatus.disputed", stats.at("/byStatus/disputed").asText());
        for (String kind : List.of("detentions", "releases", "sentences", "deaths")) {
            JsonNode shown = stats.at("/overTime/" + kind);
            figures.put(kind + ".n", shown.get("n").asText());
            figures.put(kind + ".unknown", shown.get("unknown").asText());
            shown.get("byMonth").forEach(cell -> figures.put(kind + "." + cell.get("key").asText(),
                    cell.get("count").asText()));
            shown.get("byYearOnly").forEach(cell -> figures.put(kind + "." + cell.get("key").asText(),
                    cell.get("count").asText()));
        }
        JsonNode appeals = stats.get("appeals");
        figures.put("appeals.n", appeals.get("n").asText());
        figures.put("appeals.unknown", appeals.get("unknown").asText());
        for (String figure : List.of("filed", "answered", "overdueNow", "answerRate", "medianDaysToAnswer")) {
            JsonNode value = appeals.get("all").get(figure);
            if (value != null && !value.isNull()) {
                figures.put("appeals.all." + figure, new BigDecimal(value.asText()).stripTrailingZeros().toPlainString());
            }
        }
        appeals.get("byAuthority").forEach(authority -> {
            figures.put("appeals." + authority.get("authorityId").asText() + ".filed", authority.get("filed").asText());
            figures.put("appeals." + authority.get("authorityId").asText() + ".answered",
                    authority.get("answered").asText());
        });
        appeals.at("/byFirstResponseType/cells").forEach(cell -> figures.put("appeals.response."
                + cell.get("key").asText(), cell.get("count").asText()));
        return figures;
    }

    /** What the topics say, read without projections: each case and appeal from its own events, in sequence. */
    static final class Ledger {

        static final List<String> BREAKDOWNS = List.of("byStatus", "byDetentionKind", "byEthnicity", "byGender",
                "byPrefecture", "byCounty", "byFacility", "byYearOfFirstDetention", "byDecadeOfFirstDetention",
                "bySentenceLength", "byAgeAtFirstDetention");
        private static final ObjectMapper JSON = new ObjectMapper();

        final Map<String, CaseRecord> cases = new HashMap<>();
        final Map<String, AppealRecord> appeals = new HashMap<>();
        final Set<String> authorities = new HashSet<>();

        static Ledger of(List<ConsumerRecord<String, byte[]>> caseRecords,
                         List<ConsumerRecord<String, byte[]>> appealRecords, PersonalDataCodec opener)
                throws Exception {
            Ledger ledger = new Ledger();
            for (ConsumerRecord<String, byte[]> record : inSequence(caseRecords)) {
                ledger.applyCase(record, opener);
            }
            for (ConsumerRecord<String, byte[]> record : inSequence(appealRecords)) {
                ledger.applyAppeal(record);
            }
            return ledger;
        }

        /** Each aggregate's events once each, in the order of their sequence: what a consumer in sequence sees. */
        private static List<ConsumerRecord<String, byte[]>> inSequence(List<ConsumerRecord<String, byte[]>> records) {
            Map<String, ConsumerRecord<String, byte[]>> once = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                once.putIfAbsent(TopicReader.header(record, EventHeaders.AGGREGATE_ID) + "#"
                        + TopicReader.header(record, EventHeaders.SEQUENCE), record);
            }
            List<ConsumerRecord<String, byte[]>> ordered = new ArrayList<>(once.values());
            ordered.sort(Comparator.comparing((ConsumerRecord<String, byte[]> r) ->
                            TopicReader.header(r, EventHeaders.AGGREGATE_ID))
                    .thenComparingLong(r -> Long.parseLong(TopicReader.header(r, EventHeaders.SEQUENCE))));
            return ordered;
        }

        private void applyCase(ConsumerRecord<String, byte[]> record, PersonalDataCodec opener) throws Exception {
            String type = TopicReader.header(record, EventHeaders.EVENT_TYPE);
            String caseId = TopicReader.header(record, EventHeaders.AGGREGATE_ID);
            String eventId = TopicReader.header(record, EventHeaders.EVENT_ID);
            long sequence = Long.parseLong(TopicReader.header(record, EventHeaders.SEQUENCE));
            JsonNode event = opener.open(JSON.readTree(record.value()), EventCatalogue.typeNamed(type)
                    .orElseThrow(() -> new IllegalStateException("No event type is named " + type)));
            if (type.equals("DetentionReported")) {
                cases.put(caseId, CaseRecord.opened(event.get("person")));
            }
            CaseRecord of = cases.get(caseId);
            if (of == null) {
                return;
            }
            switch (type) {
                case "DetentionReported", "FurtherDetentionReported" ->
                        of.fact(eventId, sequence, "DETENTION", event.at("/detention/date"), event.get("source"), null);
                case "ReleaseRecorded" -> of.fact(eventId, sequence, "RELEASE", event.get("date"),
                        event.get("source"), null);
                case "DeathReported" -> of.fact(eventId, sequence, "DEATH", event.get("date"), event.get("source"),
                        null);
                case "SentenceReported" -> of.fact(eventId, sequence, "SENTENCE", event.get("date"),
                        event.get("source"), event.get("term"));
                case "FactCorrected" -> of.facts.stream()
                        .filter(fact -> fact.eventId.equals(event.get("retractedEventId").asText()))
                        .forEach(fact -> fact.retracted = true);
                case "CaseStatusDerived" -> {
                    String status = text(event.get("status"));
                    of.status = status == null ? "UNKNOWN" : status;
                    of.disputed = event.get("disputed").asBoolean();
                    if (text(event.get("detentionKind")) != null) {
                        of.detentionKind = event.get("detentionKind").asText();
                    }
                    if (event.hasNonNull("facility") && text(event.at("/facility/id")) != null) {
                        of.facility = event.at("/facility/id").asText();
                    }
                }
                case "CaseMerged" -> of.mergedInto = event.get("intoCaseId").asText();
                case "PersonalDataErased" -> of.personErased |= "PERSON".equals(text(event.get("subject")));
                default -> {
                }
            }
        }

        private void applyAppeal(ConsumerRecord<String, byte[]> record) throws Exception {
            String type = TopicReader.header(record, EventHeaders.EVENT_TYPE);
            JsonNode event = JSON.readTree(record.value());
            switch (type) {
                case "AuthorityRegistered" -> authorities.add(event.get("authorityId").asText());
                case "AppealFiled" -> appeals.put(event.get("appealId").asText(), new AppealRecord(
                        event.get("caseId").asText(), event.get("authorityId").asText(),
                        LocalDate.parse(event.get("filedOn").asText())));
                case "AppealResponseRecorded" -> {
                    AppealRecord appeal = appeals.get(event.get("appealId").asText());
                    if (appeal != null && appeal.firstResponseOn == null) {
                        appeal.firstResponseOn = LocalDate.parse(event.get("respondedOn").asText());
                        appeal.firstResponseType = event.get("type").asText();
                    }
                }
                case "AppealResponseOverdue" -> {
                    AppealRecord appeal = appeals.get(event.get("appealId").asText());
                    if (appeal != null) {
                        appeal.overdue = true;
                    }
                }
                case "AppealClosed" -> {
                    AppealRecord appeal = appeals.get(event.get("appealId").asText());
                    if (appeal != null) {
                        appeal.closed = true;
                    }
                }
                default -> {
                }
            }
        }

        /**
         * The breakdowns under these filters that the topics cannot tell, because a person counted in them was erased
         * (by another test of the suite): their county and birth year are sealed with the destroyed key, while the
         * statistics keep what they counted before. Where a filter names a county, an erased person may or may not be
         * counted at all, and no figure can be told ("*").
         */
        Set<String> untold(Map<String, String> filters) {
            List<CaseRecord> erased = cases.values().stream()
                    .filter(c -> c.mergedInto == null && c.personErased).toList();
            Map<String, String> besidesCounty = new HashMap<>(filters);
            if (besidesCounty.remove("county") != null && erased.stream().anyMatch(c -> c.matches(besidesCounty))) {
                return Set.of("*");
            }
            return erased.stream().anyMatch(c -> c.matches(filters))
                    ? Set.of("byCounty", "byAgeAtFirstDetention") : Set.of();
        }

        /** Every figure the statistics give for the cases the filters name, worked out from the events. */
        Map<String, String> figures(Map<String, String> filters) {
            List<CaseRecord> counted = cases.values().stream()
                    .filter(c -> c.mergedInto == null)
                    .filter(c -> c.matches(filters))
                    .toList();
            Map<String, String> figures = new TreeMap<>();
            count(figures, "byStatus", counted, c -> c.status.equals("UNKNOWN") ? null : c.status);
            figures.put("byStatus.disputed", Long.toString(counted.stream().filter(c -> c.disputed).count()));
            count(figures, "byDetentionKind", counted, c -> c.detentionKind);
            count(figures, "byEthnicity", counted, c -> c.ethnicity);
            count(figures, "byGender", counted, c -> "UNKNOWN".equals(c.gender) ? null : c.gender);
            count(figures, "byPrefecture", counted, c -> c.prefecture);
            count(figures, "byCounty", counted, c -> c.county);
            count(figures, "byFacility", counted, c -> c.facility);
            count(figures, "byYearOfFirstDetention", counted, c -> c.firstDetention() == null ? null
                    : Integer.toString(c.firstDetention().earliest().getYear()));
            count(figures, "byDecadeOfFirstDetention", counted, c -> c.firstDetention() == null ? null
                    : c.firstDetention().earliest().getYear() / 10 * 10 + "s");
            count(figures, "bySentenceLength", counted.stream().filter(c -> c.sentence() != null).toList(),
                    CaseRecord::sentenceBin);
            ages(figures, counted);
            for (String kind : List.of("DETENTION", "RELEASE", "SENTENCE", "DEATH")) {
                String name = kind.toLowerCase() + "s";
                List<FactRecord> facts = counted.stream().flatMap(c -> c.facts.stream())
                        .filter(fact -> fact.kind.equals(kind) && fact.counts()).toList();
                figures.put(name + ".n", Integer.toString(facts.size()));
                figures.put(name + ".unknown", Long.toString(facts.stream().filter(f -> f.date == null).count()));
                Map<String, Integer> cells = new TreeMap<>();
                facts.stream().filter(f -> f.date != null).forEach(fact -> cells.merge(fact.date.month() == null
                        ? String.format("%04d", fact.date.year())
                        : String.format("%04d-%02d", fact.date.year(), fact.date.month()), 1, Integer::sum));
                cells.forEach((key, count) -> figures.put(name + "." + key, count.toString()));
            }
            appealFigures(figures, counted);
            return figures;
        }

        private void ages(Map<String, String> figures, List<CaseRecord> counted) {
            Map<Integer, BigDecimal> ages = new TreeMap<>();
            long unknown = 0;
            for (CaseRecord c : counted) {
                if (c.bornFrom == null || c.firstDetention() == null) {
                    unknown++;
                    continue;
                }
                int year = c.firstDetention().earliest().getYear();
                BigDecimal share = BigDecimal.ONE.divide(BigDecimal.valueOf(c.bornTo - c.bornFrom + 1), 10,
                        RoundingMode.HALF_UP);
                for (int age = year - c.bornTo; age <= year - c.bornFrom; age++) {
                    ages.merge(age, share, BigDecimal::add);
                }
            }
            figures.put("byAgeAtFirstDetention.n", Integer.toString(counted.size()));
            figures.put("byAgeAtFirstDetention.unknown", Long.toString(unknown));
            ages.forEach((age, count) -> figures.put("byAgeAtFirstDetention." + age,
                    count.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()));
        }

        private void appealFigures(Map<String, String> figures, List<CaseRecord> counted) {
            Set<String> caseIds = new HashSet<>();
            cases.forEach((caseId, record) -> {
                if (counted.contains(record)) {
                    caseIds.add(caseId);
                }
            });
            List<AppealRecord> filed = appeals.values().stream().filter(a -> caseIds.contains(a.caseId)).toList();
            List<AppealRecord> answered = filed.stream().filter(a -> a.firstResponseOn != null).toList();
            figures.put("appeals.n", Integer.toString(filed.size()));
            figures.put("appeals.unknown", Long.toString(filed.stream()
                    .filter(a -> !authorities.contains(a.authorityId)).count()));
            figures.put("appeals.all.filed", Integer.toString(filed.size()));
            figures.put("appeals.all.answered", Integer.toString(answered.size()));
            figures.put("appeals.all.overdueNow", Long.toString(filed.stream()
                    .filter(a -> a.overdue && a.firstResponseOn == null && !a.closed).count()));
            if (!filed.isEmpty()) {
                figures.put("appeals.all.answerRate", BigDecimal.valueOf(answered.size())
                        .divide(BigDecimal.valueOf(filed.size()), 3, RoundingMode.HALF_UP).stripTrailingZeros()
                        .toPlainString());
            }
            List<Long> days = answered.stream().map(a -> ChronoUnit.DAYS.between(a.filedOn, a.firstResponseOn))
                    .sorted().toList();
            if (!days.isEmpty()) {
                BigDecimal median = days.size() % 2 == 1 ? BigDecimal.valueOf(days.get(days.size() / 2))
                        : BigDecimal.valueOf(days.get(days.size() / 2 - 1) + days.get(days.size() / 2))
                        .divide(BigDecimal.valueOf(2), 1, RoundingMode.UNNECESSARY);
                figures.put("appeals.all.medianDaysToAnswer", median.stripTrailingZeros().toPlainString());
            }
            Map<String, Integer> byAuthority = new TreeMap<>();
            Map<String, Integer> answeredBy = new TreeMap<>();
            Map<String, Integer> byResponse = new TreeMap<>();
            for (AppealRecord appeal : filed) {
                byAuthority.merge(appeal.authorityId, 1, Integer::sum);
                answeredBy.merge(appeal.authorityId, appeal.firstResponseOn == null ? 0 : 1, Integer::sum);
                if (appeal.firstResponseType != null) {
                    byResponse.merge(appeal.firstResponseType, 1, Integer::sum);
                }
            }
            byAuthority.forEach((authority, count) -> {
                figures.put("appeals." + authority + ".filed", count.toString());
                figures.put("appeals." + authority + ".answered", answeredBy.get(authority).toString());
            });
            byResponse.forEach((type, count) -> figures.put("appeals.response." + type, count.toString()));
        }

        private static void count(Map<String, String> figures, String breakdown, List<CaseRecord> counted,
                                  java.util.function.Function<CaseRecord, String> key) {
            Map<String, Integer> cells = new TreeMap<>();
            long unknown = 0;
            for (CaseRecord c : counted) {
                String value = key.apply(c);
                if (value == null) {
                    unknown++;
                } else {
                    cells.merge(value, 1, Integer::sum);
                }
            }
            figures.put(breakdown + ".n", Integer.toString(counted.size()));
            figures.put(breakdown + ".unknown", Long.toString(unknown));
            cells.forEach((value, count) -> figures.put(breakdown + "." + value, count.toString()));
        }

        private static String text(JsonNode node) {
            return node == null || node.isNull() || node.asText().isBlank() ? null : node.asText().strip();
        }
    }

    /** A case as its events tell it. */
    static final class CaseRecord {

        String gender;
        String ethnicity;
        String prefecture;
        String county;
        Integer bornFrom;
        Integer bornTo;
        String status = "UNKNOWN";
        boolean disputed;
        String detentionKind;
        String facility;
        String mergedInto;
        boolean personErased;
        final List<FactRecord> facts = new ArrayList<>();

        static CaseRecord opened(JsonNode person) {
            CaseRecord record = new CaseRecord();
            if (person == null || person.isNull()) {
                return record;
            }
            record.gender = Ledger.text(person.get("gender"));
            record.ethnicity = Ledger.text(person.get("ethnicity"));
            record.prefecture = Ledger.text(person.at("/hometown/prefecture"));
            // A county erased with its person, or withheld, is not known: the placeholder is no county.
            record.county = Ledger.text(person.at("/hometown/county"));
            if (PersonalDataCodec.ERASED.equals(record.county) || PersonalDataCodec.WITHHELD.equals(record.county)) {
                record.county = null;
            }
            JsonNode birth = person.get("birth");
            if (birth != null && !birth.isNull()) {
                if (birth.hasNonNull("year")) {
                    record.bornFrom = birth.get("year").asInt();
                    record.bornTo = record.bornFrom;
                } else if (birth.hasNonNull("ageAsOfYear") && birth.hasNonNull("ageFrom")
                        && birth.hasNonNull("ageTo")) {
                    record.bornFrom = birth.get("ageAsOfYear").asInt() - birth.get("ageTo").asInt();
                    record.bornTo = birth.get("ageAsOfYear").asInt() - birth.get("ageFrom").asInt();
                }
            }
            return record;
        }

        void fact(String eventId, long sequence, String kind, JsonNode date, JsonNode source, JsonNode term) {
            if (facts.stream().anyMatch(fact -> fact.eventId.equals(eventId))) {
                return;
            }
            String text = Ledger.text(date);
            facts.add(new FactRecord(eventId, sequence, kind, text == null ? null : ApproximateDate.parse(text),
                    source == null || !"UNLIKELY".equals(Ledger.text(source.get("reliability"))), term));
        }

        /** The earliest detention that counts, as reported: by its first possible day, then its last. */
        ApproximateDate firstDetention() {
            return facts.stream().filter(f -> f.kind.equals("DETENTION") && f.counts() && f.date != null)
                    .map(f -> f.date)
                    .min(Comparator.comparing(ApproximateDate::earliest).thenComparing(ApproximateDate::latest))
                    .orElse(null);
        }

        /** The latest sentence that counts: by its date, then by when it was recorded. */
        FactRecord sentence() {
            return facts.stream().filter(f -> f.kind.equals("SENTENCE") && f.counts())
                    .max(Comparator.comparing((FactRecord f) -> f.date == null ? null : f.date.earliest(),
                            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparingLong(f -> f.sequence))
                    .orElse(null);
        }

        String sentenceBin() {
            JsonNode term = sentence().term;
            if (term == null || term.isNull()) {
                return null;
            }
            if (term.path("life").asBoolean()) {
                return "LIFE";
            }
            int months = term.path("years").asInt() * 12 + term.path("months").asInt();
            return months < 60 ? "UNDER_5" : months < 120 ? "5_9" : months < 180 ? "10_14" : months < 240 ? "15_19"
                    : "20_PLUS";
        }

        boolean matches(Map<String, String> filters) {
            ApproximateDate first = firstDetention();
            return filters.entrySet().stream().allMatch(filter -> switch (filter.getKey()) {
                case "status" -> filter.getValue().equals(status);
                case "gender" -> filter.getValue().equals(gender);
                case "ethnicity" -> filter.getValue().equals(ethnicity);
                case "prefecture" -> filter.getValue().equals(prefecture);
                case "county" -> filter.getValue().equals(county);
                case "detainedFrom" -> first != null
                        && !first.earliest().isBefore(ApproximateDate.parse(filter.getValue()).earliest());
                case "detainedTo" -> first != null
                        && !first.latest().isAfter(ApproximateDate.parse(filter.getValue()).latest());
                default -> throw new IllegalArgumentException(filter.getKey());
            });
        }
    }

    /** A dated fact the statistics count over time. */
    static final class FactRecord {

        final String eventId;
        final long sequence;
        final String kind;
        final ApproximateDate date;
        final boolean credible;
        final JsonNode term;
        boolean retracted;

        FactRecord(String eventId, long sequence, String kind, ApproximateDate date, boolean credible, JsonNode term) {
            this.eventId = eventId;
            this.sequence = sequence;
            this.kind = kind;
            this.date = date;
            this.credible = credible;
            this.term = term;
        }

        boolean counts() {
            return credible && !retracted;
        }
    }

    /** An appeal as its events tell it. */
    static final class AppealRecord {

        final String caseId;
        final String authorityId;
        final LocalDate filedOn;
        LocalDate firstResponseOn;
        String firstResponseType;
        boolean overdue;
        boolean closed;

        AppealRecord(String caseId, String authorityId, LocalDate filedOn) {
            this.caseId = caseId;
            this.authorityId = authorityId;
            this.filedOn = filedOn;
        }
    }
}
