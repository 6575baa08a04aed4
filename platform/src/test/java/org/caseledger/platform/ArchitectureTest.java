package org.caseledger.platform;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import org.caseledger.platform.testing.WritePathRules;

@AnalyzeClasses(packages = "org.caseledger.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests writePath = ArchTests.in(WritePathRules.class);
}
