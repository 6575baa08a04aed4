package org.caseledger.projections.search;

import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the names a case's person was recorded under, each with its search key. A person's names come with the
 * report that opens the case; a name kept already (the event read again) is kept once.
 *
 * <p>Each name's row also repeats what decides whether a search finds its case and where it ranks — the case's number,
 * its visibility and the case it was merged into, and the same of that case — so that a search cuts its page from
 * these rows alone and reads the case status only for the page (casestatus/CaseStatusQueries). They are kept from the
 * same events as the case status keeps them, per case in {@code case_search_case}: a case merged into may have no name,
 * and its events may be read before or after its duplicate's, since the two are on partitions of their own. Whichever
 * comes second brings the names' rows up to date ({@link #refresh}).
 */
@Component
class CaseSearchProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(CaseVisibilityChanged.class, this::visibilityChanged)
            .on(CaseMerged.class, this::merged)
            .on(PersonalDataErased.class, this::erased)
            .build();

    CaseSearchProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        handlers.apply(event);
    }

    /**
     * The case's row is made, or, when a duplicate merged into it came first, given its number, and the person's names
     * are kept with what that row says, in one statement. The row's insert waits for any duplicate's merge still being
     * written into it; then, and only then (the row was there before: its {@code xmax} is the transaction that gave it
     * the number, where a row made here has none), the names' rows of the duplicates merged into it are brought up to
     * date in a statement of their own, which sees what that merge committed. A row given its number already (the
     * event read again) keeps no name again.
     */
    private void opened(ConsumedEvent event, DetentionReported opening) {
        Set<String> names = names(opening.person());
        List<String> keys = names.stream().map(NameKey::of).toList();
        Opened opened = jdbc.sql("""
                        WITH opened AS (
                            INSERT INTO case_search_case (case_id, case_number) VALUES (:caseId, :caseNumber)
                            ON CONFLICT (case_id) DO UPDATE SET case_number = EXCLUDED.case_number
                            WHERE case_search_case.case_number IS NULL
                            RETURNING case_id, case_number, visibility, merged_into, xmax = 0 AS made),
                        kept AS (
                            INSERT INTO case_search_name (case_id, name, search_key, case_number, visibility,
                                                          merged_into, into_number, into_visibility, into_merged)
                            SELECT c.case_id, named.name, named.search_key, c.case_number, c.visibility,
                                   c.merged_into, t.case_number, t.visibility, t.merged_into IS NOT NULL
                              FROM opened c
                             CROSS JOIN unnest(CAST(:names AS TEXT[]), CAST(:keys AS TEXT[]))
                                   AS named (name, search_key)
                              LEFT JOIN case_search_case t ON t.case_id = c.merged_into
                            ON CONFLICT DO NOTHING
                            RETURNING search_key)
                        SELECT (SELECT made FROM opened) AS made,
                               ARRAY(SELECT search_key FROM kept) AS keys""")
                .param("caseId", event.aggregateId())
                .param("caseNumber", opening.caseNumber())
                .param("names", names.toArray(String[]::new))
                .param("keys", keys.toArray(String[]::new))
                .query((row, n) -> new Opened((Boolean) row.getObject("made"),
                        (String[]) row.getArray("keys").getArray()))
                .single();
        for (String key : opened.keys()) {
            counted(key, 1);
        }
        if (opened.made() == null) {
            event.appliedBefore();
        } else if (!opened.made()) {
            refresh(event.aggregateId());
        }
    }

    /** What an opening wrote: whether it made the case's row (null: the row had its number already), and its keys. */
    private record Opened(Boolean made, String[] keys) {
    }

    private void visibilityChanged(ConsumedEvent event, CaseVisibilityChanged change) {
        jdbc.sql("UPDATE case_search_case SET visibility = :visibility WHERE case_id = :caseId")
                .param("visibility", change.visibility() == null ? null : change.visibility().name())
                .param("caseId", event.aggregateId())
                .update();
        refresh(event.aggregateId());
    }

    /**
     * The case merged into is made known (without a number until it is opened here) and locked first, as its own
     * events write its row before they reach this case's names: the two consumers of two partitions each wait for
     * the other's transaction on that row, so whichever comes second sees what the first wrote, and neither waits for
     * the other's names. Without the row a merge read beside the opening of the case merged into would see neither.
     */
    private void merged(ConsumedEvent event, CaseMerged merge) {
        jdbc.sql("INSERT INTO case_search_case (case_id) VALUES (:into) ON CONFLICT DO NOTHING")
                .param("into", merge.intoCaseId().value())
                .update();
        jdbc.sql("SELECT case_id FROM case_search_case WHERE case_id = :into FOR UPDATE")
                .param("into", merge.intoCaseId().value())
                .query(String.class)
                .optional();
        jdbc.sql("UPDATE case_search_case SET merged_into = :into WHERE case_id = :caseId")
                .param("into", merge.intoCaseId().value())
                .param("caseId", event.aggregateId())
                .update();
        refresh(event.aggregateId());
    }

    /**
     * The rows of the case's names, and of the names of the duplicates merged into it, take what the case rows now
     * say: their own case's and the case it was merged into. A row that says so already is left as it is: the index a
     * search reads names from holds these values (V43), so that rewriting a row, even with the same values, would
     * write a new entry into every index of the table.
     */
    private void refresh(String caseId) {
        jdbc.sql("""
                        UPDATE case_search_name n
                           SET case_number     = c.case_number,
                               visibility      = c.visibility,
                               merged_into     = c.merged_into,
                               into_number     = t.case_number,
                               into_visibility = t.visibility,
                               into_merged     = t.merged_into IS NOT NULL
                          FROM case_search_case c
                          LEFT JOIN case_search_case t ON t.case_id = c.merged_into
                         WHERE c.case_id = n.case_id
                           AND (n.case_id = :caseId OR n.merged_into = :caseId)
                           AND (n.case_number, n.visibility, n.merged_into, n.into_number, n.into_visibility,
                                n.into_merged)
                               IS DISTINCT FROM (c.case_number, c.visibility, c.merged_into, t.case_number,
                                                 t.visibility, t.merged_into IS NOT NULL)""")
                .param("caseId", caseId)
                .update();
    }

    /** The person's names leave the index; a name the case never had cannot find it. */
    private void erased(ConsumedEvent event, PersonalDataErased erasure) {
        if (erasure.subject() == DataSubject.PERSON) {
            jdbc.sql("DELETE FROM case_search_name WHERE case_id = :caseId RETURNING search_key")
                    .param("caseId", event.aggregateId())
                    .query(String.class)
                    .list()
                    .forEach(key -> counted(key, -1));
        }
    }

    /**
     * How many names hold a key ({@code case_search_key}, V42) changes by {@code change}: written as the transaction
     * commits, for all of its names at once, the keys in their order. Two transactions that write keys (two instances,
     * a benchmark's threads) so take their rows' locks in one order, where writing each with its name, in the order of
     * the events, had them wait for each other's in turn.
     */
    private void counted(String key, int change) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            writeKeys(Map.of(key, change));
            return;
        }
        KeyChanges changes = (KeyChanges) TransactionSynchronizationManager.getResource(this);
        if (changes == null) {
            changes = new KeyChanges();
            TransactionSynchronizationManager.bindResource(this, changes);
            TransactionSynchronizationManager.registerSynchronization(changes);
        }
        changes.byKey.merge(key, change, Integer::sum);
    }

    /**
     * Adds the changes to the keys' counts, in the keys' order as the database sorts them (which every writer shares),
     * and deletes the keys no name holds any more: an erased person's name leaves no key behind, unless another name
     * holds it. The count's row is locked from the change to the commit, so a name that comes for a key while the
     * last other leaves either finds the row or makes it anew.
     */
    private void writeKeys(Map<String, Integer> byKey) {
        List<String> keys = new ArrayList<>();
        List<Integer> changes = new ArrayList<>();
        byKey.forEach((key, change) -> {
            if (change != 0) {
                keys.add(key);
                changes.add(change);
            }
        });
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO case_search_key (search_key, names)
                        SELECT changed.search_key, changed.names
                          FROM unnest(CAST(:keys AS TEXT[]), CAST(:changes AS INTEGER[])) AS changed (search_key, names)
                         ORDER BY changed.search_key
                            ON CONFLICT (search_key) DO UPDATE SET names = case_search_key.names + EXCLUDED.names""")
                .param("keys", keys.toArray(String[]::new))
                .param("changes", changes.toArray(Integer[]::new))
                .update();
        if (changes.stream().anyMatch(change -> change < 0)) {
            jdbc.sql("DELETE FROM case_search_key WHERE search_key = ANY(CAST(:keys AS TEXT[])) AND names <= 0")
                    .param("keys", keys.toArray(String[]::new))
                    .update();
        }
    }

    /** A transaction's changes of the keys' counts, written before it commits. */
    private final class KeyChanges implements TransactionSynchronization {

        private final Map<String, Integer> byKey = new HashMap<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            writeKeys(byKey);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(CaseSearchProjection.this);
        }
    }

    private static Set<String> names(Person person) {
        Set<String> names = new LinkedHashSet<>();
        if (person == null) {
            return names;
        }
        if (searchable(person.name())) {
            names.add(person.name());
        }
        if (person.nameVariants() != null) {
            for (NameVariant variant : person.nameVariants()) {
                if (searchable(variant.text())) {
                    names.add(variant.text());
                }
            }
        }
        return names;
    }

    /** A placeholder of an erased or withheld name is no name: searching for it must not find every such case. */
    private static boolean searchable(String name) {
        return name != null && !name.isBlank() && !PersonalDataCodec.ERASED.equals(name)
                && !PersonalDataCodec.WITHHELD.equals(name);
    }
}
