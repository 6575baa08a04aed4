package org.caseledger.projections.redaction;

import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caseledger.api.cases.Visibility.CONFIDENTIAL;
import static org.caseledger.api.cases.Visibility.PUBLIC;
import static org.caseledger.api.cases.Visibility.RESTRICTED;
import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.ANALYST;
import static org.caseledger.platform.security.Role.OPERATOR;
import static org.caseledger.platform.security.Role.VIEWER;

/** One test per row of the table in docs/access.md. */
class RedactionTest {

    @Test
    void aCaseWhoseVisibilityWasNeverStatedIsRestricted() {
        assertThat(Redaction.effective(null)).isEqualTo(RESTRICTED);
        assertThat(Redaction.personVisible(VIEWER, null)).isFalse();
        assertThat(Redaction.personVisible(ANALYST, null)).isTrue();
    }

    @Test
    void aCaseKnownAtAPastMomentIsShownByTheStricterOfItsVisibilityThenAndNow() {
        assertThat(Redaction.stricter(PUBLIC, CONFIDENTIAL)).isEqualTo(CONFIDENTIAL);
        assertThat(Redaction.stricter(CONFIDENTIAL, PUBLIC)).isEqualTo(CONFIDENTIAL);
        assertThat(Redaction.stricter(null, PUBLIC)).as("never stated then: restricted").isEqualTo(RESTRICTED);
        assertThat(Redaction.stricter(PUBLIC, PUBLIC)).isEqualTo(PUBLIC);
    }

    @Test
    void viewersSeeThePersonOfPublicCasesOnly() {
        assertThat(seesPerson(VIEWER)).containsExactly(PUBLIC);
    }

    @Test
    void analystsAndOperatorsSeeThePersonOfPublicAndRestrictedCases() {
        assertThat(seesPerson(ANALYST)).containsExactly(PUBLIC, RESTRICTED);
        assertThat(seesPerson(OPERATOR)).containsExactly(PUBLIC, RESTRICTED);
    }

    @Test
    void adminsSeeThePersonOfEveryCase() {
        assertThat(seesPerson(ADMIN)).containsExactly(PUBLIC, RESTRICTED, CONFIDENTIAL);
    }

    @Test
    void recordersAndSourceReferencesOfConfidentialItemsAreForAdminsOnly() {
        assertThat(Redaction.provenanceVisible(VIEWER, PUBLIC)).isFalse();
        assertThat(Redaction.provenanceVisible(ANALYST, RESTRICTED)).isTrue();
        assertThat(Redaction.provenanceVisible(OPERATOR, CONFIDENTIAL)).isFalse();
        assertThat(Redaction.provenanceVisible(ADMIN, CONFIDENTIAL)).isTrue();
    }

    @Test
    void testimonyTextIsHiddenFromAnalystsAndOperatorsWhenConfidential() {
        assertThat(Redaction.testimonyTextVisible(ANALYST, RESTRICTED)).isTrue();
        assertThat(Redaction.testimonyTextVisible(ANALYST, CONFIDENTIAL)).isFalse();
        assertThat(Redaction.testimonyTextVisible(OPERATOR, CONFIDENTIAL)).isFalse();
        assertThat(Redaction.testimonyTextVisible(ADMIN, CONFIDENTIAL)).isTrue();
    }

    @Test
    void namesOfTestimonyGiversAndRelativesAreForAdminsOnly() {
        assertThat(Redaction.namesOfGiversAndRelativesVisible(OPERATOR)).isFalse();
        assertThat(Redaction.namesOfGiversAndRelativesVisible(ADMIN)).isTrue();
    }

    @Test
    void aTestimonyIsAsConfidentialAsTheMoreConfidentialOfItselfAndItsCase() {
        assertThat(Redaction.ofItem(CONFIDENTIAL, PUBLIC)).isEqualTo(CONFIDENTIAL);
        assertThat(Redaction.ofItem(PUBLIC, CONFIDENTIAL)).isEqualTo(CONFIDENTIAL);
        assertThat(Redaction.ofItem(null, null)).isEqualTo(RESTRICTED);
    }

    private static java.util.List<Visibility> seesPerson(Role role) {
        return java.util.Arrays.stream(Visibility.values())
                .filter(visibility -> Redaction.personVisible(role, visibility)).toList();
    }
}
