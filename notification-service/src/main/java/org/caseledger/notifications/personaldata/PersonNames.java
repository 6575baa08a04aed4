package org.caseledger.notifications.personaldata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Visibility;
import org.caseledger.notifications.subscription.Subscription;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where this service touches personal data: the names of the person a case is about. They are kept
 * only for cases that a subscription including personal data covers, and only while one does; they go into a
 * message only for such a subscription, and never for a CONFIDENTIAL case, whose names only an administrator may
 * see. When such a subscription is made for cases opened before it, the names are learnt again from the cases topic
 * ({@link NameLearning}). Nothing here logs a name. On the topic the names are sealed per person: they are read
 * with data keys from case-service where this service is given that channel, and a name it cannot open (withheld, or
 * erased) is not kept. When a person is erased their names are dropped here.
 *
 * <p>The events reach it with their personal values withheld: an opening is opened with the data keys here, and only
 * when a subscription covers its case. Opening every case's names cost a request to the keys' holder for each new
 * person and a decryption, for names that were then dropped, since almost no case is covered.
 */
@Component
public class PersonNames {

    private static final TypeReference<List<NameVariant>> VARIANTS = new TypeReference<>() {
    };

    /** The cases a subscription including personal data follows, and those they were merged into. */
    private static final String COVERED = """
            WITH RECURSIVE covered(case_id) AS (
                SELECT case_id FROM subscription
                 WHERE state = 'ACTIVE' AND include_personal_data AND case_id IS NOT NULL
                UNION
                SELECT k.merged_into FROM known_case k JOIN covered c ON k.case_id = c.case_id
                 WHERE k.merged_into IS NOT NULL)
            """;
    private static final String EVERY_CASE_COVERED = """
            EXISTS (SELECT 1 FROM subscription
                     WHERE state = 'ACTIVE' AND include_personal_data AND case_id IS NULL)
            """;

    private final JdbcClient jdbc;
    private final ObjectProvider<Scheduler> scheduler;
    private final Clock clock;
    private final ObjectMapper json = EventJson.mapper();
    private final DataKeys keys;
    private final PersonalDataCodec codec;
    private final ThreadLocal<Poll> poll = new ThreadLocal<>();

    PersonNames(JdbcClient jdbc, ObjectProvider<Scheduler> scheduler, Clock clock, ObjectProvider<DataKeys> keys) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.clock = clock;
        this.keys = keys.getIfAvailable(() -> DataKeys.NONE);
        this.codec = new PersonalDataCodec(json, this.keys);
    }

    /**
     * Keeps the names a case was opened with, if a subscription that may include them covers the case: only then is
     * the opening opened with the data keys. An erasure is passed on to the keys, which drop the subject's key.
     */
    public void remember(ConsumedEvent event) {
        Poll current = poll.get();
        if (current != null && event.payloadAs(CaseMerged.class).isPresent()) {
            current.covered = null;
        }
        event.payloadAs(DetentionReported.class)
                .filter(opening -> covered(event.aggregateId()))
                .map(opening -> opened(event, opening).person())
                .filter(person -> person != null && readable(person.name()))
                .ifPresent(person -> store(event.aggregateId(), person));
        event.payloadAs(PersonalDataErased.class).ifPresent(erasure -> {
            keys.erased(erasure.subjectId());
            if (erasure.subject() == DataSubject.PERSON) {
                jdbc.sql("DELETE FROM person_name WHERE case_id = :caseId")
                        .param("caseId", event.aggregateId()).update();
            }
        });
    }

    /** The opening as published, its personal values opened with the data keys where they open. */
    private DetentionReported opened(ConsumedEvent event, DetentionReported withheld) {
        if (event.asPublished() == null) {
            return withheld;
        }
        try {
            return codec.open(event.asPublished(), DetentionReported.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Opening " + event.eventId() + " is not readable", e);
        }
    }

    private static boolean readable(String name) {
        return name != null && !PersonalDataCodec.ERASED.equals(name) && !PersonalDataCodec.WITHHELD.equals(name);
    }

    /** The names a message to this subscription about this case may carry; empty unless it may carry any. */
    public Optional<DisclosedPerson> disclosedTo(Subscription subscription, String caseId, Visibility visibility) {
        if (!subscription.includePersonalData() || visibility == Visibility.CONFIDENTIAL) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT name, name_variants FROM person_name WHERE case_id = :caseId")
                .param("caseId", caseId)
                .query((rs, n) -> new DisclosedPerson(rs.getString("name"), variants(rs.getString("name_variants"))))
                .optional();
    }

    /** Whether names are being learnt from the cases topic, so that a message missing them should wait. */
    public boolean learning() {
        return jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = :task")
                .param("task", NameLearning.TASK)
                .query(Long.class)
                .single() > 0;
    }

    /**
     * A subscription that may include personal data was made: the cases it covers may have been opened before, so
     * their names are learnt again from the start of the cases topic, in the background and durably.
     */
    public void learnNames() {
        scheduler.getObject().scheduleIfNotExists(NameLearning.instance(), clock.instant());
    }

    /** Drops the names no subscription that may include them covers any more. */
    public void forgetUncovered() {
        jdbc.sql(COVERED + "DELETE FROM person_name WHERE NOT " + EVERY_CASE_COVERED
                        + " AND case_id NOT IN (SELECT case_id FROM covered)")
                .update();
    }

    /**
     * The poll's records, of these aggregates, are about to be applied on this thread: which of the cases are covered
     * is read once for them all, when an opening first asks, and again after a merge, which can cover one more.
     */
    public void beginBatch(Collection<String> aggregateIds) {
        poll.set(new Poll(Set.copyOf(aggregateIds)));
    }

    /** The poll is applied or abandoned: what it read of the coverage is forgotten. */
    public void endBatch() {
        poll.remove();
    }

    private boolean covered(String caseId) {
        Poll current = poll.get();
        if (current == null || !current.aggregateIds.contains(caseId)) {
            return jdbc.sql(COVERED + "SELECT " + EVERY_CASE_COVERED
                            + " OR EXISTS (SELECT 1 FROM covered WHERE case_id = :caseId)")
                    .param("caseId", caseId)
                    .query(Boolean.class)
                    .single();
        }
        if (current.covered == null) {
            jdbc.sql(COVERED + "SELECT " + EVERY_CASE_COVERED + " AS every_case,"
                            + " ARRAY(SELECT case_id FROM covered WHERE case_id = ANY(:caseIds)) AS cases")
                    .param("caseIds", current.aggregateIds.toArray(String[]::new))
                    .query(rs -> {
                        current.everyCase = rs.getBoolean("every_case");
                        current.covered = Set.of((String[]) rs.getArray("cases").getArray());
                    });
        }
        return current.everyCase || current.covered.contains(caseId);
    }

    /** A poll's cases, and which of them are covered, once read; null until then and after a merge. */
    private static final class Poll {
        private final Set<String> aggregateIds;
        private Set<String> covered;
        private boolean everyCase;

        Poll(Set<String> aggregateIds) {
            this.aggregateIds = aggregateIds;
        }
    }

    private void store(String caseId, Person person) {
        jdbc.sql("""
                        INSERT INTO person_name (case_id, name, name_variants)
                        VALUES (:caseId, :name, CAST(:variants AS JSONB))
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", caseId)
                .param("name", person.name())
                .param("variants", write(person.nameVariants() == null ? List.of() : person.nameVariants()))
                .update();
    }

    private String write(List<NameVariant> variants) {
        try {
            return json.writeValueAsString(variants);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Name variants cannot be written as JSON", e);
        }
    }

    private List<NameVariant> variants(String text) {
        try {
            return json.readValue(text, VARIANTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored name variants are not readable", e);
        }
    }
}
