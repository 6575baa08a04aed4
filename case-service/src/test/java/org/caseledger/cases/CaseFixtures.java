package org.caseledger.cases;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;

/** Cases as documentation groups meet them. */
public final class CaseFixtures {

    public static final CaseId CASE_ID = new CaseId("0b7f6c1e-case-fixture");
    public static final Person NURLAN = new Person("Nurlan Kokteubaev");
    public static final Source WIFE_TESTIMONY = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife");
    public static final Source NEIGHBOUR = new Source(SourceType.WITNESS_TESTIMONY, Reliability.UNSURE, "neighbour");
    public static final ApproximateDate NOVEMBER_2017 = ApproximateDate.parse("2017-11");
    public static final Detention IN_CAMP_NOVEMBER_2017 = new Detention(NOVEMBER_2017, "Zhaosu County", DetentionKind.CAMP);

    private CaseFixtures() {
    }

    public static ReportDetention reportOfDetentionInCamp() {
        return new ReportDetention(CASE_ID, NURLAN, IN_CAMP_NOVEMBER_2017, WIFE_TESTIMONY);
    }

    /** The case as opened under the first number the register issues. */
    public static DetentionReported detainedInCamp() {
        return new DetentionReported(CASE_ID, 1, NURLAN, IN_CAMP_NOVEMBER_2017, WIFE_TESTIMONY);
    }

    public static RecordRelease releaseUnderSurveillance() {
        return new RecordRelease(CASE_ID, ApproximateDate.parse("2018-12"), ReleaseConditions.SURVEILLANCE,
                WIFE_TESTIMONY, null);
    }

    public static ReleaseRecorded releasedUnderSurveillance() {
        return new ReleaseRecorded(CASE_ID, ApproximateDate.parse("2018-12"), ReleaseConditions.SURVEILLANCE,
                WIFE_TESTIMONY);
    }

    public static RecordRelease surveillanceLifted() {
        return new RecordRelease(CASE_ID, ApproximateDate.parse("2019-06"), ReleaseConditions.FREE, WIFE_TESTIMONY,
                null);
    }

    public static ReleaseRecorded freedAfterSurveillance() {
        return new ReleaseRecorded(CASE_ID, ApproximateDate.parse("2019-06"), ReleaseConditions.FREE, WIFE_TESTIMONY);
    }

    public static ApproximateDate date(String text) {
        return ApproximateDate.parse(text);
    }
}
