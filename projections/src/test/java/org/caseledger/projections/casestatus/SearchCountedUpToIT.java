package org.caseledger.projections.casestatus;

import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.caseledger.projections.search.NameSearch;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A search that finds more cases than it counts exactly reads only its best keys: its pages must be those of the
 * search over every key, and its total says when it is a lower bound. The bound is three here, so that a dozen cases
 * pass it; the service's is {@link CaseStatusQueries#COUNTED_UP_TO}.
 */
class SearchCountedUpToIT extends RunningProjections {

    private static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "brother");
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(8_000_000_000L + System.nanoTime() % 1_000_000_000L);
    private static final int BOUND = 3;

    private final String prefecture = "Counted-" + UUID.randomUUID();
    private final String surname = surname();

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void pagesPastTheBoundRankAsOverEveryKeyAndTheTotalSaysWhenItIsALowerBound() {
        // Ten of the name itself, and among them, by case number, one whose name holds it whole and so ranks with
        // them (a key of the same score) on the first page; then names near it, each ranked lower.
        List<String> cases = new ArrayList<>();
        cases.add(recorded("Ayjan " + surname));
        cases.add(recorded("Ayjan " + surname + " Kyzy"));
        for (int i = 0; i < 9; i++) {
            cases.add(recorded("Ayjan " + surname));
        }
        for (String near : List.of("Ayjana " + surname, "Bayjan " + surname, "Ayjan " + surname + "ova")) {
            cases.add(recorded(near));
        }
        CaseStatusQueries bounded = new CaseStatusQueries(jdbc, new TransactionTemplate(transactionManager), BOUND);
        CaseStatusQueries counting = new CaseStatusQueries(jdbc, new TransactionTemplate(transactionManager), 1_000);
        StatisticsFilters filters = StatisticsFilters.of(null, null, null, prefecture, null, null, null, null);
        Optional<NameSearch> search = Optional.of(NameSearch.of("Ayjan " + surname, Role.ANALYST));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                counting.findCases(filters, false, search, 0, 100).items().size() == cases.size());

        CaseStatusPage all = counting.findCases(filters, false, search, 0, 100);
        assertThat(all.totalItems()).isEqualTo(cases.size());
        assertThat(all.totalItemsExact()).isTrue();
        List<String> ranked = ids(all);
        assertThat(ranked.subList(0, 11)).as("the name itself and the name holding it whole, by case number")
                .containsExactlyElementsOf(cases.subList(0, 11));

        CaseStatusPage first = bounded.findCases(filters, false, search, 0, 2);
        assertThat(first.totalItemsExact()).as("eleven of the best score pass the bound of three").isFalse();
        assertThat(first.totalItems()).as("a lower bound, past the bound").isGreaterThan(BOUND)
                .isLessThan(cases.size());

        List<String> paged = new ArrayList<>();
        for (int page = 0; page * 2 <= cases.size(); page++) {
            CaseStatusPage shown = bounded.findCases(filters, false, search, page, 2);
            assertThat(shown.totalItems()).as("page " + page + " counts at least up to its end")
                    .isGreaterThanOrEqualTo(Math.min(cases.size(), (page + 1) * 2L));
            if (shown.totalItemsExact()) {
                assertThat(shown.totalItems()).as("page " + page).isEqualTo(cases.size());
            }
            paged.addAll(ids(shown));
        }
        assertThat(paged).as("every page as it ranks among all found").containsExactlyElementsOf(ranked);
        CaseStatusPage pastTheLast = bounded.findCases(filters, false, search, 40, 2);
        assertThat(pastTheLast.items()).isEmpty();
        assertThat(pastTheLast.totalItems()).isEqualTo(cases.size());
        assertThat(pastTheLast.totalItemsExact()).isTrue();
    }

    private String recorded(String name) {
        String caseId = CaseId.random().value();
        Person person = new Person(name, List.of(), null, null, null, null, new Hometown(null, prefecture), null);
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case",
                "volunteer-4")) {
            topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), person,
                    new Detention(ApproximateDate.parse("2019-03"), "Ghulja", DetentionKind.CAMP), SOURCE));
            topic.publish(caseId, 1, new CaseVisibilityChanged(new CaseId(caseId), Visibility.PUBLIC,
                    "as the family asked"));
        }
        return caseId;
    }

    /** A surname of nine letters no other test's name has. */
    private static String surname() {
        StringBuilder word = new StringBuilder("T");
        for (char digit : UUID.randomUUID().toString().replace("-", "").substring(0, 8).toCharArray()) {
            word.append((char) ('a' + Character.digit(digit, 16)));
        }
        return word.toString();
    }

    private static List<String> ids(CaseStatusPage page) {
        return page.items().stream().map(CaseStatusView::caseId).toList();
    }
}
