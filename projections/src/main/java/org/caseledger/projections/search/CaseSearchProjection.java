package org.caseledger.projections.search;

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

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps the names a case's person was recorded under, each with its search key. A person's names come with the
 * report that opens the case; a name kept already (the event read again) is kept once.
 */
@Component
class CaseSearchProjection implements EventProjection {

    private final JdbcClient jdbc;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(PersonalDataErased.class, this::erased)
            .build();

    CaseSearchProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void apply(ConsumedEvent event) {
        handlers.apply(event);
    }

    private void opened(ConsumedEvent event, DetentionReported opening) {
        Set<String> names = names(opening.person());
        int kept = 0;
        for (String name : names) {
            kept += jdbc.sql("""
                            INSERT INTO case_search_name (case_id, name, search_key) VALUES (:caseId, :name, :key)
                            ON CONFLICT DO NOTHING""")
                    .param("caseId", event.aggregateId())
                    .param("name", name)
                    .param("key", NameKey.of(name))
                    .update();
        }
        if (kept == 0 && !names.isEmpty()) {
            event.appliedBefore();
        }
    }

    /** The person's names leave the index; a name the case never had cannot find it. */
    private void erased(ConsumedEvent event, PersonalDataErased erasure) {
        if (erasure.subject() == DataSubject.PERSON) {
            jdbc.sql("DELETE FROM case_search_name WHERE case_id = :caseId").param("caseId", event.aggregateId()).update();
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
