package org.fediflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import java.util.Arrays;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Keeps the design's layering for every class of the application, the root package included: the inbox hands
 * events to the workflow glue, which calls connectors; each flow (a package per shipped diagram's needs) uses the
 * workflow glue and the connectors and never another flow; the connector layer imports nothing above it; helpers
 * every layer may use live in {@code shared}, which imports nothing of ours. A new top-level package must be given its
 * place here.
 */
class ArchitectureTest {

    static final JavaClasses MAIN = importMain();
    static final String[] FLOWS = {"org.fediflow.alerts..", "org.fediflow.moderation..", "org.fediflow.onboarding..",
            "org.fediflow.donations..", "org.fediflow.backup..", "org.fediflow.upgrade.."};

    /**
     * Our classes only: the rules look at dependencies between our packages (and at package names outside), so the
     * classes we depend on need not be read from the classpath, which took most of this test's time.
     */
    private static JavaClasses importMain() {
        ArchConfiguration configuration = ArchConfiguration.get();
        boolean resolve = configuration.resolveMissingDependenciesFromClassPath();
        configuration.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .withImportOption(ArchitectureTest::notGeneratedAtPackageTime)
                    .importPackages("org.fediflow");
        } finally {
            configuration.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    /**
     * Spring's build-time processing (the package's process-aot) writes bean definitions as code and the configuration
     * classes' proxies into target/classes beside ours: they call into every package by design and are not ours.
     */
    private static boolean notGeneratedAtPackageTime(Location location) {
        return !location.contains("__") && !location.contains("$$SpringCGLIB$$");
    }

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(FediflowApplication.class).verify();
    }

    @Test
    void everyPackageKeepsToItsLayer() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("org.fediflow..")
                .layer("Application").definedBy("org.fediflow")
                .layer("Console").definedBy("org.fediflow.console..")
                .layer("Inbox").definedBy("org.fediflow.inbox..")
                .layer("Flows").definedBy(FLOWS)
                .layer("Workflow").definedBy("org.fediflow.workflow..")
                .layer("Connector").definedBy("org.fediflow.connector..")
                .layer("Shared").definedBy("org.fediflow.shared..", "org.fediflow.audit..")
                .layer("Operations").definedBy("org.fediflow.metrics..", "org.fediflow.retention..")
                .whereLayer("Application").mayNotBeAccessedByAnyLayer()
                .whereLayer("Operations").mayNotBeAccessedByAnyLayer()
                .whereLayer("Console").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Inbox").mayOnlyBeAccessedByLayers("Console", "Application", "Operations")
                .whereLayer("Flows").mayOnlyBeAccessedByLayers("Console", "Application")
                .whereLayer("Workflow").mayOnlyBeAccessedByLayers("Inbox", "Flows", "Console", "Application")
                .whereLayer("Connector").mayOnlyBeAccessedByLayers("Workflow", "Inbox", "Flows", "Console", "Application")
                .whereLayer("Workflow").mayOnlyAccessLayers("Connector", "Shared")
                .whereLayer("Connector").mayOnlyAccessLayers("Shared")
                .whereLayer("Shared").mayNotAccessAnyLayer()
                .ensureAllClassesAreContainedInArchitecture()
                .check(MAIN);
    }

    @Test
    void flowsNeverImportEachOther() {
        for (String flow : FLOWS) {
            String[] others = Arrays.stream(FLOWS).filter(f -> !f.equals(flow)).toArray(String[]::new);
            noClasses().that().resideInAPackage(flow).should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(MAIN);
        }
    }

    @Test
    void connectorsKnowNothingOfTheEngineOrSpringMvc() {
        noClasses().that().resideInAPackage("org.fediflow.connector..")
                .should().dependOnClassesThat().resideInAnyPackage("org.flowable..", "org.springframework.web..")
                .check(MAIN);
    }
}
