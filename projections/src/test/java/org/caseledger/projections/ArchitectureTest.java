package org.caseledger.projections;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import org.caseledger.platform.testing.WritePathRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = {"org.caseledger.projections", "org.caseledger.platform"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests writePath = ArchTests.in(WritePathRules.class);

    @ArchTest
    static final ArchRule otherServicesAreReachedOnlyThroughApi = noClasses()
            .that().resideInAPackage("org.caseledger.projections..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.caseledger.cases..", "org.caseledger.appeals..", "org.caseledger.notifications..");

    @ArchTest
    static final ArchRule readModelsDoNotWriteToEventStores = noClasses()
            .that().resideInAPackage("org.caseledger.projections..")
            .should().dependOnClassesThat().resideInAPackage("org.axonframework..");
}
