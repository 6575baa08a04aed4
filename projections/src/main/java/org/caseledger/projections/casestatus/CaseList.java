package org.caseledger.projections.casestatus;

import org.caseledger.platform.security.Reader;
import org.caseledger.projections.accesslog.AccessLog;
import org.caseledger.projections.redaction.DataClass;
import org.caseledger.projections.redaction.Redaction;
import org.caseledger.projections.search.NameSearch;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A page of the case list as a reader may see it, for the API and for the dashboard's page alike: each person
 * redacted by the case's visibility and the reader's role, and every page that shows a person logged with its cases
 * under the endpoint that showed it.
 */
@Component
class CaseList {

    private final CaseStatusQueries queries;
    private final AccessLog accessLog;

    CaseList(CaseStatusQueries queries, AccessLog accessLog) {
        this.queries = queries;
        this.accessLog = accessLog;
    }

    CaseStatusPage read(String endpoint, StatisticsFilters filters, boolean includeMerged, int page, int size) {
        return read(endpoint, filters, includeMerged, null, page, size);
    }

    /** With {@code q}, the cases it finds, best first; a name finds only cases whose person the reader may see. */
    CaseStatusPage read(String endpoint, StatisticsFilters filters, boolean includeMerged, String q, int page,
                        int size) {
        Reader reader = Reader.required();
        Optional<NameSearch> search = Optional.ofNullable(q).map(text -> NameSearch.of(text, reader.role()));
        return accessLog.read(reader, endpoint, () -> {
            CaseStatusPage found = queries.findCases(filters, includeMerged, search, page, size);
            return new CaseStatusPage(found.items().stream().map(view -> redacted(view, reader)).toList(),
                    found.page(), found.size(), found.totalItems(), found.totalItemsExact());
        }, shown -> disclosure(shown.items()));
    }

    static CaseStatusView redacted(CaseStatusView view, Reader reader) {
        return Redaction.personVisible(reader.role(), view.visibility()) ? view : view.withoutPerson();
    }

    static AccessLog.Disclosure disclosure(List<CaseStatusView> shown) {
        return new AccessLog.Disclosure(shown.stream().filter(CaseStatusView::showsPerson)
                .map(CaseStatusView::caseId).toList(), Set.of(DataClass.PERSON));
    }
}
