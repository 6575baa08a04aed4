package org.caseledger.cases.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.caseledger.api.cases.AcceptDuplicate;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.AttachEvidence;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChangeVisibility;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.CorrectFact;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.ErasePersonalData;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.LinkRelative;
import org.caseledger.api.cases.MergeCase;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.ReportCharge;
import org.caseledger.api.cases.ReportContactReestablished;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDeparture;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.api.cases.ReportFurtherDetention;
import org.caseledger.api.cases.ReportLossOfContact;
import org.caseledger.api.cases.ReportSentence;
import org.caseledger.api.cases.ReportTrial;
import org.caseledger.api.cases.ReportWhereabouts;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One person's case: every fact reported about them, in the order it was recorded, and the status those facts
 * support (see {@link StatusRules}). Facts are never removed: a correction retracts one and the status is read
 * again without it. The case refuses, with a {@link Refusal}, what its record contradicts.
 */
public class Case {

    @AggregateIdentifier
    private CaseId caseId;
    private final List<Fact> facts = new ArrayList<>();
    private CaseId mergedInto;
    private CaseStatusDerived lastReading;
    private final Set<String> testimonies = new HashSet<>();
    private final Set<String> relatives = new HashSet<>();
    private final Set<String> erased = new HashSet<>();

    protected Case() {
    }

    /**
     * Opens the case under the next citable number, and answers that number. The person's data key is made first:
     * from taking the number until the case is stored, every other opening waits.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public long handle(ReportDetention command, CaseNumbers caseNumbers, SubjectKeys keys) {
        keys.prepare(command.caseId().value());
        long caseNumber = caseNumbers.next();
        // While a case is created Axon applies events after this handler returns; the reading must follow them.
        apply(new DetentionReported(command.caseId(), caseNumber, command.person(), command.detention(),
                command.source()))
                .andThen(this::readStatusAgain);
        return caseNumber;
    }

    @CommandHandler
    public void handle(ReportFurtherDetention command) {
        guard(Fact.Kind.DETENTION, command.detention().date());
        apply(new FurtherDetentionReported(caseId, command.detention(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(RecordTestimony command) {
        guard(Fact.Kind.TESTIMONY, command.date());
        if (command.givenBy().namedWithoutConsent()) {
            throw new Refusal("A testimony giver's name is kept only with their consent to record it: "
                    + "state that consent, or record the testimony without the name");
        }
        apply(new TestimonyRecorded(caseId, command.testimonyId(), command.givenBy(), command.date(),
                command.language(), command.summary(), command.consentToPublish(), command.visibility(),
                command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportWhereabouts command) {
        guard(Fact.Kind.WHEREABOUTS, command.date());
        apply(new WhereaboutsReported(caseId, command.date(), command.place(), command.facility(), command.kind(),
                command.transfer(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportLossOfContact command) {
        guard(Fact.Kind.CONTACT_LOST, command.date());
        apply(new ContactLost(caseId, command.date(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportContactReestablished command) {
        guard(Fact.Kind.CONTACT_REESTABLISHED, command.date());
        apply(new ContactReestablished(caseId, command.date(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportCharge command) {
        guard(Fact.Kind.CHARGE, command.date());
        apply(new ChargeReported(caseId, command.date(), command.charge(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportTrial command) {
        guard(Fact.Kind.TRIAL, command.date());
        apply(new TrialReported(caseId, command.date(), command.court(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportSentence command) {
        guard(Fact.Kind.SENTENCE, command.date());
        apply(new SentenceReported(caseId, command.date(), command.court(), command.term(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(RecordRelease command) {
        guard(Fact.Kind.RELEASE, command.date());
        if (facts.stream().noneMatch(fact -> fact.kind().holdsPerson() && !fact.retracted())) {
            throw new Refusal("No detention is on record for this case, so there is no release to record: "
                    + "record the detention first, or check whether it was retracted");
        }
        apply(new ReleaseRecorded(caseId, command.date(), command.conditions(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportDeparture command) {
        guard(Fact.Kind.DEPARTURE, command.date());
        apply(new DepartureReported(caseId, command.date(), command.destinationCountry(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(ReportDeath command) {
        guard(Fact.Kind.DEATH, command.date());
        apply(new DeathReported(caseId, command.date(), command.circumstances(), command.inCustody(),
                command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(LinkRelative command) {
        guard(Fact.Kind.RELATIVE, command.date());
        apply(new RelativeLinked(caseId, command.relativeId(), command.relation(), command.name(),
                command.relativeCaseId(), command.date(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(AttachEvidence command) {
        guard(Fact.Kind.EVIDENCE, command.date());
        apply(new EvidenceAttached(caseId, command.evidenceId(), command.sha256(), command.mediaType(),
                command.description(), command.storedAt(), command.capturedBy(), command.date(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(CorrectFact command) {
        requireOpen();
        Fact retracted = facts.stream()
                .filter(fact -> fact.eventId().equals(command.retractedEventId()))
                .findFirst()
                .orElseThrow(() -> new UnknownReference("retractedEventId", "event '" + command.retractedEventId()
                        + "' is not a fact of this case; name a fact from its timeline"));
        if (retracted.retracted()) {
            throw new Refusal("Event '" + command.retractedEventId() + "' was already retracted");
        }
        apply(new FactCorrected(caseId, command.retractedEventId(), command.reason(), command.source()));
        readStatusAgain();
    }

    @CommandHandler
    public void handle(MergeCase command) {
        requireOpen();
        apply(new CaseMerged(caseId, command.intoCaseId(), command.reason()));
    }

    @CommandHandler
    public void handle(AcceptDuplicate command) {
        requireOpen();
        apply(new DuplicateCaseMerged(caseId, command.duplicateCaseId(), command.reason()));
    }

    @CommandHandler
    public void handle(ChangeVisibility command) {
        requireOpen();
        apply(new CaseVisibilityChanged(caseId, command.visibility(), command.reason()));
    }

    /**
     * Erases a subject of the case by destroying their key. Erasing the case's person also closes the case: a fact
     * recorded after it would have nobody's key to seal its personal values with.
     */
    @CommandHandler
    public void handle(ErasePersonalData command, SubjectKeys keys) {
        String subjectId = command.subjectId() == null ? caseId.value() : command.subjectId();
        DataSubject subject;
        if (subjectId.equals(caseId.value())) {
            subject = DataSubject.PERSON;
        } else if (testimonies.contains(subjectId)) {
            subject = DataSubject.TESTIMONY_GIVER;
        } else if (relatives.contains(subjectId)) {
            subject = DataSubject.RELATIVE;
        } else {
            throw new UnknownReference("subjectId", "'" + subjectId + "' is no testimony id or relative id of this "
                    + "case; name one from its timeline, or leave subjectId out to erase the case's person");
        }
        if (erased.contains(subjectId)) {
            throw new Refusal(subject == DataSubject.PERSON ? "The personal data of this case's person was erased already"
                    : "The personal data of " + subjectId + " was erased already");
        }
        keys.destroy(subjectId, command.reason());
        apply(new PersonalDataErased(caseId, subjectId, subject, GenericEventMessage.clock.instant()));
    }

    private void guard(Fact.Kind kind, ApproximateDate date) {
        requireOpen();
        if (kind.allowedAfterDeath()) {
            return;
        }
        facts.stream()
                .filter(fact -> fact.kind() == Fact.Kind.DEATH && fact.counts())
                .filter(death -> date.earliest().isAfter(death.date().latest()))
                .findFirst()
                .ifPresent(death -> {
                    throw new Refusal("The person was reported dead in " + death.date() + " (event "
                            + death.eventId() + "); a fact dated " + date + " cannot follow unless that report "
                            + "is corrected first. Testimony, evidence and relatives can still be recorded");
                });
    }

    private void requireOpen() {
        if (erased.contains(caseId.value())) {
            throw new Refusal("The personal data of this case's person was erased and the case takes no more writes");
        }
        if (mergedInto != null) {
            throw new Refusal("This case was merged into case " + mergedInto.value()
                    + " and takes no more writes; record it there");
        }
    }

    private void readStatusAgain() {
        StatusRules.Derivation derivation = StatusRules.derive(facts);
        Fact.Reading reading = derivation.reading();
        CaseStatusDerived next = new CaseStatusDerived(caseId, reading.status(), derivation.decidingEventId(),
                derivation.since(), reading.detentionKind(), reading.facility(), reading.releaseConditions(),
                reading.term(), derivation.disputed(), derivation.contradictions());
        if (!next.equals(lastReading)) {
            apply(next);
        }
    }

    @EventSourcingHandler
    void on(DetentionReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        caseId = event.caseId();
        record(eventId, sequence, Fact.Kind.DETENTION, event.detention().date(), event.source(),
                detained(event.detention()));
    }

    @EventSourcingHandler
    void on(FurtherDetentionReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.DETENTION, event.detention().date(), event.source(),
                detained(event.detention()));
    }

    @EventSourcingHandler
    void on(TestimonyRecorded event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        testimonies.add(event.testimonyId());
        record(eventId, sequence, Fact.Kind.TESTIMONY, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(WhereaboutsReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.WHEREABOUTS, event.date(), event.source(),
                new Fact.Reading(CaseStatus.DETAINED, event.kind(), event.facility(), null, null));
    }

    @EventSourcingHandler
    void on(ContactLost event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.CONTACT_LOST, event.date(), event.source(),
                Fact.Reading.of(CaseStatus.MISSING));
    }

    @EventSourcingHandler
    void on(ContactReestablished event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.CONTACT_REESTABLISHED, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(ChargeReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.CHARGE, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(TrialReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.TRIAL, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(SentenceReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.SENTENCE, event.date(), event.source(),
                new Fact.Reading(CaseStatus.SENTENCED, null, null, null, event.term()));
    }

    @EventSourcingHandler
    void on(ReleaseRecorded event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.RELEASE, event.date(), event.source(),
                new Fact.Reading(CaseStatus.RELEASED, null, null, event.conditions(), null));
    }

    @EventSourcingHandler
    void on(DepartureReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.DEPARTURE, event.date(), event.source(),
                Fact.Reading.of(CaseStatus.LEFT_COUNTRY));
    }

    @EventSourcingHandler
    void on(DeathReported event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.DEATH, event.date(), event.source(), Fact.Reading.of(CaseStatus.DECEASED));
    }

    @EventSourcingHandler
    void on(RelativeLinked event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        relatives.add(event.relativeId());
        record(eventId, sequence, Fact.Kind.RELATIVE, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(EvidenceAttached event, @MessageIdentifier String eventId, @SequenceNumber long sequence) {
        record(eventId, sequence, Fact.Kind.EVIDENCE, event.date(), event.source(), null);
    }

    @EventSourcingHandler
    void on(FactCorrected event) {
        facts.replaceAll(fact -> fact.eventId().equals(event.retractedEventId()) ? fact.retract() : fact);
    }

    @EventSourcingHandler
    void on(CaseMerged event) {
        mergedInto = event.intoCaseId();
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        erased.add(event.subjectId());
    }

    @EventSourcingHandler
    void on(CaseStatusDerived event) {
        lastReading = event;
    }

    private void record(String eventId, long sequence, Fact.Kind kind, ApproximateDate date, Source source,
                        Fact.Reading reading) {
        facts.add(new Fact(eventId, sequence, kind, date, source, reading, false));
    }

    private static Fact.Reading detained(Detention detention) {
        return new Fact.Reading(CaseStatus.DETAINED, detention.kind(), detention.facility(), null, null);
    }
}
