package org.caseledger.notifications;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.core.domain.JavaClass;
import org.caseledger.api.cases.Person;
import org.caseledger.notifications.notice.Notices;
import org.caseledger.notifications.subscription.Subscriptions;
import org.caseledger.platform.testing.WritePathRules;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "org.caseledger.notifications", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule problemsComeFromOneFactory = WritePathRules.problemsComeFromOneFactory;

    @ArchTest
    static final ArchRule onlyPersonalDataReadsThePerson = noClasses()
            .that().resideOutsideOfPackage("..notifications.personaldata..")
            .should().dependOnClassesThat().areAssignableTo(Person.class)
            .because("personal data is handled in one place, which encryption per person will change");

    @ArchTest
    static final ArchRule everyControllerIsForOperators = classes()
            .that().areAnnotatedWith(RestController.class)
            .should().beAnnotatedWith("org.caseledger.notifications.web.OperatorsOnly")
            .because("managing subscriptions and deliveries is for the roles with write rights");

    @ArchTest
    static final ArchRule nothingDependsOnTheWebLayer = noClasses()
            .that().resideOutsideOfPackage("..notifications.web..")
            .should().dependOnClassesThat().resideInAPackage("..notifications.web..");

    @ArchTest
    static final ArchRule channelsDoNotKnowSubscriptionsOrTheLedger = noClasses()
            .that().resideInAnyPackage("..notifications.webhook..", "..notifications.email..")
            .should().dependOnClassesThat(JavaClass.Predicates.belongToAnyOf(Subscriptions.class, Notices.class))
            .orShould().dependOnClassesThat().resideInAPackage("..notifications.ledger..")
            .because("a channel sends the message it is given and nothing else");

    @ArchTest
    static final ArchRule otherServicesAreReachedOnlyThroughApi = noClasses()
            .that().resideInAPackage("org.caseledger.notifications..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.caseledger.cases..", "org.caseledger.appeals..", "org.caseledger.projections..");

    @ArchTest
    static final ArchRule noAxonHere = noClasses()
            .that().resideInAPackage("org.caseledger.notifications..")
            .should().dependOnClassesThat().resideInAnyPackage("org.axonframework.config..",
                    "org.axonframework.eventhandling..", "org.axonframework.commandhandling..");
}
