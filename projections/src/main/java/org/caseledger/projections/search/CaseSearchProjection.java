package org.caseledger.projections.search;

import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
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

    private static Set<String> names(Person person) {
        Set<String> names = new LinkedHashSet<>();
        if (person == null) {
            return names;
        }
        if (person.name() != null && !person.name().isBlank()) {
            names.add(person.name());
        }
        if (person.nameVariants() != null) {
            for (NameVariant variant : person.nameVariants()) {
                if (variant.text() != null && !variant.text().isBlank()) {
                    names.add(variant.text());
                }
            }
        }
        return names;
    }
}
