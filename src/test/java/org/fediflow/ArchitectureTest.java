package org.fediflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps the module boundaries of the design: dependencies point inward, no cycles, internals stay internal. */
class ArchitectureTest {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(FediflowApplication.class).verify();
    }

    @Test
    void connectorsKnowNothingOfTheEngineOrSpringMvc() {
        noClasses().that().resideInAPackage("org.fediflow.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("org.flowable..", "org.springframework.web..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("org.fediflow.connector"));
    }
}
