package org.caseledger.cases;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.caseledger.platform.testing.WritePathRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = {"org.caseledger.cases", "org.caseledger.platform"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests writePath = ArchTests.in(WritePathRules.class);

    @ArchTest
    static final ArchRule commandDoesNotDependOnWeb = noClasses()
            .that().resideInAPackage("..cases.command..")
            .should().dependOnClassesThat().resideInAPackage("..cases.web..");

    @ArchTest
    static final ArchRule aggregatesKnowNoSpring = noClasses()
            .that().resideInAPackage("..cases.command..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework.spring..");

    @ArchTest
    static final ArchRule otherServicesAreReachedOnlyThroughApi = noClasses()
            .that().resideInAPackage("org.caseledger.cases..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.caseledger.projections..", "org.caseledger.appeals..", "org.caseledger.notifications..");
}
