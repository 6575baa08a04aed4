package org.caseledger.api;

import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.WhereaboutsReported;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type that crosses a service boundary, by the name in the {@link EventHeaders#EVENT_TYPE} header.
 * Consumers resolve payload classes here rather than from Java class names, so a class can be moved without
 * breaking a topic.
 */
public final class EventCatalogue {

    private static final Map<String, Class<?>> BY_NAME = List.<Class<?>>of(
                    DetentionReported.class,
                    FurtherDetentionReported.class,
                    TestimonyRecorded.class,
                    WhereaboutsReported.class,
                    ContactLost.class,
                    ContactReestablished.class,
                    ChargeReported.class,
                    TrialReported.class,
                    SentenceReported.class,
                    ReleaseRecorded.class,
                    DepartureReported.class,
                    DeathReported.class,
                    RelativeLinked.class,
                    EvidenceAttached.class,
                    FactCorrected.class,
                    CaseMerged.class,
                    DuplicateCaseMerged.class,
                    CaseVisibilityChanged.class,
                    CaseStatusDerived.class,
                    PersonalDataErased.class,
                    AuthorityRegistered.class,
                    AppealFiled.class,
                    AppealResponseRecorded.class,
                    AppealFollowedUp.class,
                    AppealEscalated.class,
                    AppealClosed.class,
                    AppealResponseOverdue.class)
            .stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventCatalogue() {
    }

    public static Optional<Class<?>> typeNamed(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String nameOf(Class<?> type) {
        return type.getSimpleName();
    }
}
