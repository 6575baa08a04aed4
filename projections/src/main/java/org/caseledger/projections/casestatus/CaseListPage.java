package org.caseledger.projections.casestatus;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Gender;
import org.caseledger.platform.security.Reader;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The case list as a page, where the dashboard's numbers lead: the cases behind a count, under the same filters, for
 * a person signed in through the browser. The same list as {@code GET /api/cases} for the same role, redacted and
 * logged the same way, under the endpoint {@code GET /cases}. Who may open it is the route table's rule for
 * {@code GET /api/cases}, never the public statistics' rule.
 */
// A page for a browser, not an operation of the API: left out of its OpenAPI description.
@Hidden
@Controller
class CaseListPage {

    static final int PAGE_SIZE = 50;

    private final CaseList caseList;

    CaseListPage(CaseList caseList) {
        this.caseList = caseList;
    }

    @GetMapping("/cases")
    String cases(@RequestParam(required = false) CaseStatus status,
                 @RequestParam(required = false) String ethnicity,
                 @RequestParam(required = false) Gender gender,
                 @RequestParam(required = false) String prefecture,
                 @RequestParam(required = false) String county,
                 @RequestParam(required = false) String facility,
                 @RequestParam(required = false) String detainedFrom,
                 @RequestParam(required = false) String detainedTo,
                 @RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
                 HttpServletRequest request,
                 Model model) {
        StatisticsFilters filters = StatisticsFilters.of(status, ethnicity, gender, prefecture, county, facility,
                detainedFrom, detainedTo);
        CaseStatusPage shown = caseList.read("GET /cases", filters, false, page, PAGE_SIZE);
        Map<String, String> applied = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!name.equals("page") && values.length > 0 && !values[0].isBlank()) {
                applied.put(name, values[0]);
            }
        });
        long pages = (shown.totalItems() + PAGE_SIZE - 1) / PAGE_SIZE;
        model.addAttribute("cases", shown.items());
        model.addAttribute("total", shown.totalItems());
        model.addAttribute("page", page + 1);
        model.addAttribute("pages", pages);
        model.addAttribute("filters", applied);
        model.addAttribute("previous", page > 0 ? link("/cases", applied, page - 1) : null);
        model.addAttribute("next", page + 1 < pages ? link("/cases", applied, page + 1) : null);
        model.addAttribute("dashboard", link("/", applied, null));
        model.addAttribute("signedInAs", Reader.required().user());
        return "cases";
    }

    /** Relative, so that it holds behind whatever host and proxy the page was reached through. */
    private static String link(String path, Map<String, String> filters, Integer page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path);
        filters.forEach(uri::queryParam);
        if (page != null) {
            uri.queryParam("page", page);
        }
        return uri.encode().build().toUriString();
    }
}
