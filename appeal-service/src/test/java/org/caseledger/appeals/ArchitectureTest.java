package org.caseledger.appeals;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.caseledger.platform.testing.WritePathRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = {"org.caseledger.appeals", "org.caseledger.platform"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests writePath = ArchTests.in(WritePathRules.class);

    @ArchTest
    static final ArchRule commandDoesNotDependOnWeb = noClasses()
            .that().resideInAPackage("..appeals.command..")
            .should().dependOnClassesThat().resideInAPackage("..appeals.web..");

    @ArchTest
    static final ArchRule aggregatesKnowNoSpring = noClasses()
            .that().resideInAPackage("..appeals.command..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework.spring..");

    @ArchTest
    static final ArchRule aggregatesKnowNoDatabaseOrScheduler = noClasses()
            .that().resideInAPackage("..appeals.command..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "com.github.kagkarlsson..",
                    "org.caseledger.appeals.knowncases..", "org.caseledger.appeals.authorities..");

    @ArchTest
    static final ArchRule otherServicesAreReachedOnlyThroughApi = noClasses()
            .that().resideInAPackage("org.caseledger.appeals..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.caseledger.cases..", "org.caseledger.projections..", "org.caseledger.notifications..");
}
