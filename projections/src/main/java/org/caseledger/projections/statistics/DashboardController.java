package org.caseledger.projections.statistics;

import io.swagger.v3.oas.annotations.Hidden;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.projections.statistics.Dashboard.Chart;
import org.caseledger.projections.statistics.Dashboard.MapPoint;
import org.caseledger.projections.statistics.Dashboard.Row;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The dashboard at {@code /}: the statistics the API answers, as charts with their tables, rendered on the server so
 * that it reads without a script. The counts are those of {@link StatisticsQueries} for the same caller, exact or
 * with small cells suppressed as the API would answer it. Who may open it is the statistics rule of the route table.
 */
// A page for a browser, not an operation of the API: left out of its OpenAPI description.
@Hidden
@Controller
class DashboardController {

    private final StatisticsQueries queries;
    private final CountDisclosure disclosure;
    private final FacilityPlaces places;
    private final Freshness freshness;

    DashboardController(StatisticsQueries queries, CountDisclosure disclosure, FacilityPlaces places,
                        Freshness freshness) {
        this.queries = queries;
        this.disclosure = disclosure;
        this.places = places;
        this.freshness = freshness;
    }

    /** Under the same filters as the statistics and the case list, which every link it makes carries on. */
    @GetMapping("/")
    String dashboard(@RequestParam(required = false) CaseStatus status,
                     @RequestParam(required = false) String ethnicity,
                     @RequestParam(required = false) Gender gender,
                     @RequestParam(required = false) String prefecture,
                     @RequestParam(required = false) String county,
                     @RequestParam(required = false) String facility,
                     @RequestParam(required = false) String detainedFrom,
                     @RequestParam(required = false) String detainedTo,
                     Model model) {
        StatisticsFilters filters = StatisticsFilters.of(status, ethnicity, gender, prefecture, county, facility,
                detainedFrom, detainedTo);
        Statistics statistics = queries.statistics(filters, false, disclosure.exactCounts());
        model.addAttribute("dashboard", dashboard(statistics));
        model.addAttribute("credit", FacilityPlaces.CREDIT);
        return "dashboard";
    }

    private Dashboard dashboard(Statistics statistics) {
        List<Chart> charts = new ArrayList<>();
        Breakdown status = statistics.byStatus();
        charts.add(chart("status", "Cases by status", "bar", status,
                "Disputed (credible sources contradict the status, counted under their deciding status too): "
                        + status.disputed().shown() + ". Unknown: not yet derived.",
                cell -> caseList(statistics, Map.of("status", cell.key()))));
        charts.add(chart("detentions-per-year", "Cases by year of first detention", "bar",
                statistics.byYearOfFirstDetention(),
                "By the earliest credible detention; unknown: no dated detention on record.",
                cell -> caseList(statistics, Map.of("detainedFrom", cell.key(), "detainedTo", cell.key()))));
        charts.add(chart("sentence-lengths", "Sentenced cases by length of the latest sentence", "bar",
                statistics.bySentenceLength(),
                "Unknown: a sentence reported without its term. A reduced or overturned sentence counts only when "
                        + "reported.", cell -> null));
        charts.add(releasesPerMonth(statistics.overTime().get("releases")));
        Breakdown facilities = statistics.byFacility();
        charts.add(chart("facilities", "Cases by the facility last named", "bar", facilities,
                "A transfer counts only the last facility; unknown: no facility of the register named.",
                cell -> caseList(statistics, Map.of("facility", cell.key()))));
        List<MapPoint> points = new ArrayList<>();
        long notOnMap = 0;
        for (Cell cell : facilities.cells()) {
            var place = places.find(cell.key());
            if (place.isPresent()) {
                Row row = Row.of(cell.label(), cell.count(), null);
                points.add(new MapPoint(cell.key(), place.get().name(), place.get().latitude(),
                        place.get().longitude(), row.shown(), row.value(),
                        caseList(statistics, Map.of("facility", cell.key()))));
            } else {
                notOnMap++;
            }
        }
        AppealStatistics appeals = statistics.appeals();
        return new Dashboard(statistics, charts, points, Count.of(notOnMap, statistics.exactCounts()),
                appeals.byAuthority(), appeals.all(), freshness.now(), signedInAs(),
                caseList(statistics, Map.of()));
    }

    private static Chart releasesPerMonth(FactsOverTime releases) {
        List<Row> rows = new ArrayList<>();
        releases.byMonth().forEach(cell -> rows.add(Row.of(cell.key(), cell.count(), null)));
        releases.byYearOnly().forEach(cell -> rows.add(Row.of(cell.key() + " (month not known)", cell.count(), null)));
        return new Chart("releases-per-month", "Releases per month", "line", releases.n(), releases.unknown(),
                "By the release's own date; a release known only to its year is counted in the year, not spread "
                        + "over its months. Unknown: a release reported without a date.", rows);
    }

    private static Chart chart(String id, String title, String kind, Breakdown breakdown, String note,
                               Function<Cell, String> link) {
        List<Row> rows = breakdown.cells().stream()
                .map(cell -> Row.of(cell.label() == null ? cell.key() : cell.label(), cell.count(), link.apply(cell)))
                .toList();
        return new Chart(id, title, kind, breakdown.n(), breakdown.unknown(), note, rows);
    }

    /** The case list under the filters counted, narrowed to one cell: the statistics' names are the list's. */
    static String caseList(Statistics statistics, Map<String, String> cell) {
        Map<String, String> filters = new TreeMap<>(statistics.filters());
        filters.putAll(cell);
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/cases");
        filters.forEach(uri::queryParam);
        return uri.encode().build().toUriString();
    }

    private static String signedInAs() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller instanceof OAuth2AuthenticationToken token && token.getPrincipal() instanceof OidcUser user) {
            return user.getPreferredUsername();
        }
        return null;
    }
}
