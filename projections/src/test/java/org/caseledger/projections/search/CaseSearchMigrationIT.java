package org.caseledger.projections.search;

import org.caseledger.platform.security.Role;
import org.caseledger.projections.ProjectionsMigrations;
import org.caseledger.projections.ProjectionsMigrations.Migrated;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search model filled before its names kept their cases' number, visibility and merge (V35) comes out of the
 * migration with each name taking them from the case status, and the case a duplicate was merged into with them too:
 * the search then finds, for each role, the cases the case status says it may find by those names.
 *
 * <p>The cases, as the case status had them: Erlan (public), Aigerim (visibility never stated), Nurlan
 * (confidential), Gulnar (public) and her duplicate, Serik (restricted) and his public duplicate, Marat (public,
 * merged into Gulnar) and his own public duplicate, merged into him before he was merged away. Only the duplicates'
 * names, not those of the cases they were merged into, carry the searched surname, so those cases are found through
 * their duplicates alone. One more name belongs to a case the case status has not read yet: it takes no number, and
 * nothing finds it until the search is rebuilt (docs/search.md).
 */
class CaseSearchMigrationIT {

    private static final String SURNAME = "Dauletkhan";

    @Test
    void namesKeptBeforeTakeTheirCasesNumberVisibilityAndMergeFromTheCaseStatus() {
        Migrated before = ProjectionsMigrations.migratedTo("33", "projections_before_search_rows");
        DataSource dataSource = before.dataSource();
        JdbcClient jdbc = before.jdbc();
        caseStatus(jdbc, "erlan", 1, "PUBLIC", null);
        caseStatus(jdbc, "aigerim", 2, null, null);
        caseStatus(jdbc, "nurlan", 3, "CONFIDENTIAL", null);
        caseStatus(jdbc, "gulnar", 4, "PUBLIC", null);
        caseStatus(jdbc, "gulnar-duplicate", 5, "PUBLIC", "gulnar");
        caseStatus(jdbc, "serik", 6, "RESTRICTED", null);
        caseStatus(jdbc, "serik-duplicate", 7, "PUBLIC", "serik");
        caseStatus(jdbc, "marat", 8, "PUBLIC", "gulnar");
        caseStatus(jdbc, "marat-duplicate", 9, "PUBLIC", "marat");
        names(jdbc, "erlan", "Erlan " + SURNAME, "Ерлан Дәулетхан");
        names(jdbc, "aigerim", "Aigerim " + SURNAME);
        names(jdbc, "nurlan", "Nurlan " + SURNAME);
        names(jdbc, "gulnar", "Gulnar Omarova");
        names(jdbc, "gulnar-duplicate", "Gulnar " + SURNAME);
        names(jdbc, "serik", "Serik Bilash");
        names(jdbc, "serik-duplicate", "Serik " + SURNAME);
        names(jdbc, "marat", "Marat Omarov");
        names(jdbc, "marat-duplicate", "Marat " + SURNAME);
        names(jdbc, "not-yet-in-the-case-status", "Timur " + SURNAME);

        before.toTheLatest();

        assertThat(jdbc.sql("""
                        SELECT case_id || ':' || case_number || ':' || COALESCE(visibility, '-') || ':'
                               || COALESCE(merged_into, '-')
                          FROM case_search_case ORDER BY case_number""").query(String.class).list())
                .as("one row per case of the case status, with its number, visibility and merge")
                .containsExactly(
                        "erlan:1:PUBLIC:-",
                        "aigerim:2:-:-",
                        "nurlan:3:CONFIDENTIAL:-",
                        "gulnar:4:PUBLIC:-",
                        "gulnar-duplicate:5:PUBLIC:gulnar",
                        "serik:6:RESTRICTED:-",
                        "serik-duplicate:7:PUBLIC:serik",
                        "marat:8:PUBLIC:gulnar",
                        "marat-duplicate:9:PUBLIC:marat");
        assertThat(jdbc.sql("""
                        SELECT name || ':' || COALESCE(CAST(case_number AS TEXT), '-') || ':'
                               || COALESCE(visibility, '-') || ':' || COALESCE(merged_into, '-') || ':'
                               || COALESCE(CAST(into_number AS TEXT), '-') || ':' || COALESCE(into_visibility, '-')
                               || ':' || into_merged
                          FROM case_search_name ORDER BY name""").query(String.class).list())
                .as("each name with its case's number, visibility and merge, and a duplicate's with those of the "
                        + "case it was merged into")
                .containsExactlyInAnyOrder(
                        "Erlan Dauletkhan:1:PUBLIC:-:-:-:false",
                        "Ерлан Дәулетхан:1:PUBLIC:-:-:-:false",
                        "Aigerim Dauletkhan:2:-:-:-:-:false",
                        "Nurlan Dauletkhan:3:CONFIDENTIAL:-:-:-:false",
                        "Gulnar Omarova:4:PUBLIC:-:-:-:false",
                        "Gulnar Dauletkhan:5:PUBLIC:gulnar:4:PUBLIC:false",
                        "Serik Bilash:6:RESTRICTED:-:-:-:false",
                        "Serik Dauletkhan:7:PUBLIC:serik:6:RESTRICTED:false",
                        "Marat Omarov:8:PUBLIC:gulnar:4:PUBLIC:false",
                        "Marat Dauletkhan:9:PUBLIC:marat:8:PUBLIC:true",
                        "Timur Dauletkhan:-:-:-:-:-:false");

        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        assertThat(found(jdbc, transaction, NameSearch.of(SURNAME, Role.VIEWER), false))
                .as("a viewer finds the public cases, a duplicate's names finding the public case it was merged into")
                .containsExactly("erlan", "gulnar");
        assertThat(found(jdbc, transaction, NameSearch.of(SURNAME, Role.VIEWER), true))
                .as("with the duplicates, a viewer finds each public one and the public case it was merged into, "
                        + "merged away in turn or not")
                .containsExactly("erlan", "gulnar", "gulnar-duplicate", "serik-duplicate", "marat",
                        "marat-duplicate");
        assertThat(found(jdbc, transaction, NameSearch.of(SURNAME, Role.ANALYST), false))
                .as("an analyst finds the restricted cases too, the unstated one among them, but not the confidential")
                .containsExactly("erlan", "aigerim", "gulnar", "serik");
        assertThat(found(jdbc, transaction, NameSearch.of(SURNAME, Role.ANALYST), true))
                .containsExactly("erlan", "aigerim", "gulnar", "gulnar-duplicate", "serik", "serik-duplicate",
                        "marat", "marat-duplicate");
        assertThat(found(jdbc, transaction, NameSearch.of("#6", Role.VIEWER), false))
                .as("a case number finds its case whatever the reader may see of its person")
                .containsExactly("serik");
        assertThat(found(jdbc, transaction, NameSearch.of("#9", Role.VIEWER), false))
                .as("a duplicate's number finds it only with the duplicates")
                .isEmpty();
        assertThat(jdbc.sql("SELECT read_model || ':' || building_in || ':' || state FROM read_model_rebuild")
                .query(String.class).list())
                .as("the names kept before are rebuilt from the events on the next start, Timur's among them")
                .containsExactly("projections.case-search:rebuild_projections_case_search:BUILDING");
    }

    /** A case as the case status kept it before V35: only the columns V1 and V2 require, and the merge. */
    private static void caseStatus(JdbcClient jdbc, String caseId, long caseNumber, String visibility,
                                   String mergedInto) {
        jdbc.sql("""
                        INSERT INTO case_status (case_id, case_number, status, last_event_at, version, visibility,
                                                 merged_into)
                        VALUES (:caseId, :caseNumber, 'DETAINED', now(), 3, :visibility, :mergedInto)""")
                .param("caseId", caseId)
                .param("caseNumber", caseNumber)
                .param("visibility", visibility)
                .param("mergedInto", mergedInto)
                .update();
        if (mergedInto != null) {
            jdbc.sql("""
                            UPDATE case_status
                               SET merged_duplicates = merged_duplicates || jsonb_build_array(:duplicate)
                             WHERE case_id = :into""")
                    .param("duplicate", caseId)
                    .param("into", mergedInto)
                    .update();
        }
    }

    /** A case's names as the search's consumer kept them before V35: the name and its key, nothing of the case. */
    private static void names(JdbcClient jdbc, String caseId, String... names) {
        for (String name : names) {
            jdbc.sql("INSERT INTO case_search_name (case_id, name, search_key) VALUES (:caseId, :name, :key)")
                    .param("caseId", caseId)
                    .param("name", name)
                    .param("key", NameKey.of(name))
                    .update();
        }
    }

    /** The cases the search finds, by case number, as the case list runs it. */
    private static List<String> found(JdbcClient jdbc, TransactionTemplate transaction, NameSearch search,
                                      boolean includeMerged) {
        return transaction.execute(status -> {
            jdbc.sql(NameSearch.CANDIDATES).query().singleValue();
            Map<String, Object> params = new HashMap<>();
            String matches = search.matches(params, includeMerged, null, null);
            return jdbc.sql("SELECT case_id FROM (" + matches + ") hits ORDER BY case_number")
                    .params(params).query(String.class).list();
        });
    }
}
