package org.caseledger.platform.testing;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rules of the write path every service keeps, checked by every service's architecture test over its own
 * classes and the platform's: a request goes one way, from web through {@code CommandWrites} to the aggregates, and
 * its answer comes back as what was recorded; every refusal is a problem from one factory.
 */
public final class WritePathRules {

    @ArchTest
    public static final ArchRule webNeverReadsTheEventStore = noClasses()
            .that().resideInAPackage("org.caseledger..web..")
            .should().dependOnClassesThat().resideInAPackage("org.axonframework.eventsourcing..")
            .because("what a write recorded comes back from the write itself, not from reading the event store");

    @ArchTest
    public static final ArchRule webSendsCommandsOnlyThroughCommandWrites = noClasses()
            .that().resideInAPackage("org.caseledger..web..")
            .should().dependOnClassesThat().resideInAPackage("org.axonframework.commandhandling..")
            .because("CommandWrites is the one write path: one transaction, the idempotency key, the outcome");

    @ArchTest
    public static final ArchRule platformAxonKnowsNoWeb = noClasses()
            .that().resideInAPackage("org.caseledger.platform.axon..")
            .should().dependOnClassesThat().resideInAnyPackage("org.caseledger.platform.web..",
                    "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..")
            .because("the write path is called by web with plain values and answers with what was recorded");

    @ArchTest
    public static final ArchRule problemsComeFromOneFactory = noClasses()
            .that().doNotHaveFullyQualifiedName("org.caseledger.platform.web.Problems")
            .should().callMethod(ProblemDetail.class, "forStatusAndDetail", HttpStatusCode.class, String.class)
            .orShould().callMethod(ProblemDetail.class, "forStatus", HttpStatusCode.class)
            .orShould().callMethod(ProblemDetail.class, "forStatus", int.class)
            .because("every service says no with the same titles and the same shape");

    @ArchTest
    public static final ArchRule aggregatesRefuseWithThePlatformRefusal = noClasses()
            .that().resideInAPackage("org.caseledger..command..")
            .and().resideOutsideOfPackage("org.caseledger.platform.command..")
            .should().beAssignableTo(RuntimeException.class)
            .because("a refusal is a Refusal or an UnknownReference, answered the same way in every service")
            .allowEmptyShould(true);

    private WritePathRules() {
    }
}
