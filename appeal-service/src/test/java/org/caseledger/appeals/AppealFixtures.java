package org.caseledger.appeals;

import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealOutcome;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.appeals.CloseAppeal;
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.RecordFollowUp;
import org.caseledger.api.appeals.RegisterAuthority;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.CaseId;

import java.time.Instant;
import java.time.LocalDate;

/** Appeals as relatives in Almaty and Bishkek make them. */
public final class AppealFixtures {

    public static final AppealId APPEAL_ID = new AppealId("5d1e9a0c-appeal-fixture");
    public static final AppealId ESCALATION_ID = new AppealId("7c2b4f1d-escalation-fixture");
    public static final CaseId CASE_ID = new CaseId("0b7f6c1e-case-fixture");
    public static final AuthorityId KAZAKH_FOREIGN_MINISTRY = new AuthorityId("kz-foreign-ministry");
    public static final AuthorityId UN_WGEID = new AuthorityId("un-wgeid");
    public static final LocalDate FILED_ON = LocalDate.parse("2019-03-04");
    public static final LocalDate DUE_ON = FILED_ON.plusDays(30);
    public static final LocalDate ESCALATED_ON = LocalDate.parse("2019-05-02");
    /** The morning after the appeal was filed: the clock the fixtures start from. */
    public static final Instant DAY_AFTER_FILING = Instant.parse("2019-03-05T09:00:00Z");
    /** The first moment the appeal is overdue: the due day has passed in UTC. */
    public static final Instant OVERDUE_FROM = Instant.parse("2019-04-04T00:00:00Z");

    private AppealFixtures() {
    }

    public static FileAppeal letterToForeignMinistry() {
        return new FileAppeal(APPEAL_ID, CASE_ID, KAZAKH_FOREIGN_MINISTRY, AppealChannel.LETTER,
                AppellantRole.RELATIVE, FILED_ON, "Asked the ministry to raise his detention with China", null);
    }

    public static AppealFiled letterFiledWithForeignMinistry() {
        return new AppealFiled(APPEAL_ID, CASE_ID, KAZAKH_FOREIGN_MINISTRY, AppealChannel.LETTER,
                AppellantRole.RELATIVE, FILED_ON, "Asked the ministry to raise his detention with China", DUE_ON, null);
    }

    public static RecordAppealResponse denialFromMinistry() {
        return new RecordAppealResponse(APPEAL_ID, ResponseType.DENIED, LocalDate.parse("2019-03-20"),
                "Not a citizen of Kazakhstan; the ministry cannot intervene");
    }

    public static AppealResponseRecorded ministryDenied() {
        return new AppealResponseRecorded(APPEAL_ID, CASE_ID, ResponseType.DENIED, LocalDate.parse("2019-03-20"),
                "Not a citizen of Kazakhstan; the ministry cannot intervene");
    }

    public static RecordFollowUp reminderInPerson() {
        return new RecordFollowUp(APPEAL_ID, AppealChannel.IN_PERSON, LocalDate.parse("2019-04-15"),
                "Wife waited at the ministry's reception");
    }

    public static AppealFollowedUp remindedInPerson() {
        return new AppealFollowedUp(APPEAL_ID, CASE_ID, AppealChannel.IN_PERSON, LocalDate.parse("2019-04-15"),
                "Wife waited at the ministry's reception");
    }

    public static EscalateAppeal escalationToWorkingGroup() {
        return new EscalateAppeal(APPEAL_ID, ESCALATION_ID, UN_WGEID, AppealChannel.UN_COMMUNICATION,
                AppellantRole.NGO, ESCALATED_ON, "Urgent action request after the ministry's silence");
    }

    public static AppealEscalated escalatedToWorkingGroup() {
        return new AppealEscalated(APPEAL_ID, ESCALATION_ID, UN_WGEID, ESCALATED_ON);
    }

    /** The appeal the escalation filed with the working group, which gives governments 60 days. */
    public static AppealFiled communicationFiledWithWorkingGroup() {
        return new AppealFiled(ESCALATION_ID, CASE_ID, UN_WGEID, AppealChannel.UN_COMMUNICATION, AppellantRole.NGO,
                ESCALATED_ON, "Urgent action request after the ministry's silence", ESCALATED_ON.plusDays(60),
                APPEAL_ID);
    }

    public static CloseAppeal closureAfterRelease() {
        return new CloseAppeal(APPEAL_ID, AppealOutcome.PERSON_RELEASED, LocalDate.parse("2019-07-01"),
                "Released to house arrest in Ghulja");
    }

    public static AppealClosed closedAfterRelease() {
        return new AppealClosed(APPEAL_ID, CASE_ID, AppealOutcome.PERSON_RELEASED, LocalDate.parse("2019-07-01"),
                "Released to house arrest in Ghulja");
    }

    public static AppealResponseOverdue ministrySilent() {
        return new AppealResponseOverdue(APPEAL_ID, KAZAKH_FOREIGN_MINISTRY, DUE_ON);
    }

    public static RegisterAuthority registrationOfForeignMinistry() {
        return new RegisterAuthority(KAZAKH_FOREIGN_MINISTRY, "Ministry of Foreign Affairs of the Republic of Kazakhstan",
                AuthorityKind.FOREIGN_MINISTRY, "KZ", 30);
    }

    public static AuthorityRegistered foreignMinistryRegistered() {
        return new AuthorityRegistered(KAZAKH_FOREIGN_MINISTRY,
                "Ministry of Foreign Affairs of the Republic of Kazakhstan", AuthorityKind.FOREIGN_MINISTRY, "KZ", 30);
    }
}
