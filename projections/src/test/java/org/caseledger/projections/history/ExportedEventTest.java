package org.caseledger.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.security.Role;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** A line of the events export, redacted by the rules of the case view and the timeline. */
class ExportedEventTest {

    static final CaseId CASE = new CaseId("case-1");
    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "second interview");

    @Test
    void everyPersonalValueACaseEventCarriesIsOneTheExportCanWithhold() {
        Set<String> personal = new TreeSet<>();
        new ClassFileImporter().importPackages("org.caseledger.api.cases").stream()
                .map(JavaClass::reflect)
                .filter(type -> type.isRecord() && EventCatalogue.typeNamed(EventCatalogue.nameOf(type))
                        .filter(type::equals).isPresent())
                .forEach(event -> personal.addAll(personalPaths(event, "payload")));

        assertThat(personal).as("found by their marker").contains("payload.person.name", "payload.summary");
        assertThat(personal).allSatisfy(path -> assertThat(ExportedEvent.WITHHELD_PATHS)
                .anySatisfy(withheld -> assertThat(path.equals(withheld) || path.startsWith(withheld + "."))
                        .as(path + " is withheld as " + withheld).isTrue()));
    }

    @Test
    void theCaseViewsRuleDecidesWhoSeesThePerson() {
        DetentionReported opened = new DetentionReported(CASE, 1, new Person("Гульбахар Жалилова"),
                new Detention(ApproximateDate.parse("2018-05"), "Ghulja", DetentionKind.CAMP), SOURCE);

        assertThat(line(opened, Role.ANALYST, Visibility.RESTRICTED, true).at("/payload/person/name").asText())
                .isEqualTo("Гульбахар Жалилова");
        ObjectNode withheld = line(opened, Role.OPERATOR, Visibility.CONFIDENTIAL, true);
        assertThat(withheld.at("/payload/person").isNull()).isTrue();
        assertThat(withheld.at("/payload/caseNumber").asLong()).isEqualTo(1);
        assertThat(redacted(withheld)).containsExactly("recordedBy", "payload.source.reference", "payload.person");
        assertThat(redacted(line(opened, Role.ADMIN, Visibility.CONFIDENTIAL, true))).isEmpty();
        assertThat(redacted(line(opened, Role.VIEWER, Visibility.PUBLIC, true)))
                .containsExactly("recordedBy", "payload.source.reference");
    }

    @Test
    void aCaseTheAccessLogDoesNotNameShowsNoneOfWhatTheExportCanWithhold() {
        Set<String> withheld = new TreeSet<>();
        for (Object event : List.of(
                new DetentionReported(CASE, 1, new Person("Гульбахар Жалилова"),
                        new Detention(ApproximateDate.parse("2018-05"), "Ghulja", DetentionKind.CAMP), SOURCE),
                new TestimonyRecorded(CASE, "testimony-1", TestimonyGiver.named(Relation.SPOUSE, "Мехрибан"),
                        ApproximateDate.parse("2019"), "ug", "taken at night", true, Visibility.PUBLIC, SOURCE),
                new RelativeLinked(CASE, "relative-1", Relation.SIBLING, "ئەخمەت", null,
                        ApproximateDate.parse("2019"), SOURCE),
                new EvidenceAttached(CASE, "evidence-1",
                        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "image/jpeg", "her letter from the camp", "the family's safe", "her brother",
                        ApproximateDate.parse("2019"), SOURCE),
                new FactCorrected(CASE, "event-1", "his wife gave the wrong year", SOURCE))) {
            withheld.addAll(redacted(line(event, Role.ADMIN, Visibility.PUBLIC, false)));
        }

        assertThat(withheld).containsExactlyInAnyOrderElementsOf(ExportedEvent.WITHHELD_PATHS);
    }

    @Test
    void aConfidentialTestimonyOfARestrictedCaseIsWithheldBelowAdmin() {
        TestimonyRecorded testimony = new TestimonyRecorded(CASE, "testimony-1",
                TestimonyGiver.named(Relation.SPOUSE, "Мехрибан"), ApproximateDate.parse("2019"), "ug",
                "taken at night", false, Visibility.CONFIDENTIAL, SOURCE);

        ObjectNode line = line(testimony, Role.ANALYST, Visibility.RESTRICTED, true);
        assertThat(line.get("visibility").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(redacted(line)).containsExactly("recordedBy", "payload.source.reference", "payload.summary",
                "payload.givenBy.name");
        assertThat(line.at("/payload/givenBy/relation").asText()).isEqualTo("SPOUSE");
    }

    @Test
    void theNamesOfGiversAndRelativesAreForAdminsOnly() {
        RelativeLinked relative = new RelativeLinked(CASE, "relative-1", Relation.SIBLING, "ئەخمەت", null,
                ApproximateDate.parse("2019"), SOURCE);

        assertThat(redacted(line(relative, Role.OPERATOR, Visibility.PUBLIC, true))).containsExactly("payload.name");
        assertThat(line(relative, Role.ADMIN, Visibility.PUBLIC, true).at("/payload/name").asText())
                .isEqualTo("ئەخمەت");
    }

    @Test
    void aValueThatWasNeverThereIsNotNamedAsWithheld() {
        RelativeLinked unnamed = new RelativeLinked(CASE, "relative-1", Relation.SIBLING, null, null,
                ApproximateDate.parse("2019"), new Source(SourceType.OTHER));

        ExportedEvent.Stored stored = stored(unnamed, null);
        assertThat(redacted(ExportedEvent.line(stored, Role.ANALYST, true))).isEmpty();
    }

    private static ObjectNode line(Object event, Role role, Visibility caseVisibility, boolean logged) {
        return ExportedEvent.line(stored(event, caseVisibility), role, logged);
    }

    private static ExportedEvent.Stored stored(Object event, Visibility caseVisibility) {
        ObjectNode payload = EventJson.mapper().valueToTree(event);
        return new ExportedEvent.Stored(CASE.value(), 0, "event-1", EventCatalogue.nameOf(event.getClass()), "1",
                Instant.parse("2026-03-01T09:12:44Z"), "volunteer-7", payload, caseVisibility);
    }

    private static List<String> redacted(JsonNode line) {
        List<String> paths = new ArrayList<>();
        line.get("redacted").forEach(path -> paths.add(path.asText()));
        return paths;
    }

    /** The paths of the components marked as personal data, through the records and lists of records they hold. */
    private static Set<String> personalPaths(Class<?> type, String prefix) {
        Set<String> paths = new TreeSet<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String path = prefix + "." + component.getName();
            if (component.isAnnotationPresent(PersonalData.class)) {
                paths.add(path);
            }
            Class<?> held = heldType(component.getGenericType());
            if (held != null && held.isRecord() && held.getPackageName().startsWith("org.caseledger.api")) {
                paths.addAll(personalPaths(held, path));
            }
        }
        return paths;
    }

    private static Class<?> heldType(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic && generic.getActualTypeArguments().length == 1
                && generic.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }
}
