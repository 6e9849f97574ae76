package dev.greenslice;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.greenslice.carbon.MockClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module graph of ARCHITECTURE.md, checked over the main classes of every module (this module's test class
 * path holds them all). Run alone with
 * {@code ./mvnw -q -pl samples -am test -Dtest=ArchitectureTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ArchitectureTest {

    /** Main classes only: no test-classes directory and no test-jar. */
    private static final ImportOption MAIN_CLASSES = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");

    private static JavaClasses all;

    @BeforeAll
    static void importMainClasses() {
        all = new ClassFileImporter().withImportOption(MAIN_CLASSES).importPackages("dev.greenslice");
    }

    private static DescribedPredicate<JavaClass> inPackages(String description, String... packages) {
        return JavaClass.Predicates.resideInAnyPackage(packages).as(description);
    }

    // The modules, by their packages (carbon.plan and carbon.tune live in planning since 0.2).
    private static final String[] CARBON_API = {"dev.greenslice.carbon", "dev.greenslice.carbon.embodied..",
            "dev.greenslice.carbon.estimate..", "dev.greenslice.carbon.gpu..", "dev.greenslice.carbon.intensity..",
            "dev.greenslice.carbon.meter..", "dev.greenslice.carbon.sensor.."};
    private static final String[] PROFILES = {"dev.greenslice.estimators.profile..",
            "dev.greenslice.estimators.power..", "dev.greenslice.estimators.reduction.."};
    private static final String[] PLANNING = {"dev.greenslice.carbon.plan..", "dev.greenslice.carbon.tune..",
            "dev.greenslice.estimators.workload..", "dev.greenslice.estimators.deployment..",
            "dev.greenslice.estimators.plan..", "dev.greenslice.estimators.tune.."};
    private static final String[] PIPELINES = {"dev.greenslice.estimators.pipeline.."};
    private static final String[] SIMULATOR = {"dev.greenslice.estimators.sim.."};
    private static final String[] ADAPTERS = {"dev.greenslice.rapl..", "dev.greenslice.nvml..",
            "dev.greenslice.intensity.live..", "dev.greenslice.micrometer..", "dev.greenslice.triton..",
            "dev.greenslice.opentelemetry.."};
    private static final String[] KUBERNETES = {"dev.greenslice.kubernetes.."};
    private static final String[] TEST_KIT = {"dev.greenslice.test", "dev.greenslice.test.generators..",
            "dev.greenslice.test.gpu..", "dev.greenslice.test.nvml..", "dev.greenslice.test.rapl..",
            "dev.greenslice.test.sensor.."};
    // greenslice-test-planning: apart from greenslice-test, whose users (planning's own tests among them) it needs.
    private static final String[] TEST_KIT_PLANNING = {"dev.greenslice.test.planning.."};
    private static final String[] APPLICATIONS = {"dev.greenslice.samples..", "dev.greenslice.benchmarks.."};
    private static final String[] NOT_LIBRARY = {"dev.greenslice.estimators.sim..", "dev.greenslice.samples..",
            "dev.greenslice.benchmarks..", "dev.greenslice.test.."};

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    private static final String[] LIBRARY = concat(CARBON_API, PROFILES, PLANNING, PIPELINES, ADAPTERS, KUBERNETES);

    static ArchRule moduleGraph() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("carbon-api").definedBy(CARBON_API)
                .layer("profiles").definedBy(PROFILES)
                .layer("planning").definedBy(PLANNING)
                .layer("pipelines").definedBy(PIPELINES)
                .layer("simulator").definedBy(SIMULATOR)
                .layer("adapters").definedBy(ADAPTERS)
                .layer("kubernetes").definedBy(KUBERNETES)
                .layer("test-kit").definedBy(TEST_KIT)
                .layer("test-kit-planning").definedBy(TEST_KIT_PLANNING)
                .layer("applications").definedBy(APPLICATIONS)
                .whereLayer("profiles").mayOnlyBeAccessedByLayers("planning", "pipelines", "simulator",
                        "test-kit-planning", "applications")
                .whereLayer("planning").mayOnlyBeAccessedByLayers("simulator", "kubernetes", "test-kit-planning",
                        "applications")
                .whereLayer("pipelines").mayOnlyBeAccessedByLayers("simulator", "applications")
                .whereLayer("simulator").mayOnlyBeAccessedByLayers("applications")
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("applications")
                .whereLayer("kubernetes").mayOnlyBeAccessedByLayers("applications")
                .whereLayer("test-kit").mayOnlyBeAccessedByLayers("applications")
                .whereLayer("test-kit-planning").mayOnlyBeAccessedByLayers("applications")
                .whereLayer("applications").mayNotBeAccessedByAnyLayer();
    }

    static ArchRule libraryNeverUses(String[] library, String... forbidden) {
        return noClasses().that().resideInAnyPackage(library)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden);
    }

    @Test
    void everyModuleIsImported() {
        for (String marker : List.of("dev.greenslice.carbon.meter.CarbonMeter",
                "dev.greenslice.estimators.profile.ModelProfile", "dev.greenslice.estimators.plan.MigPlanners",
                "dev.greenslice.carbon.plan.DeploymentPlan", "dev.greenslice.estimators.pipeline.PipelineAdapter",
                "dev.greenslice.estimators.sim.SimulatedGpu", "dev.greenslice.rapl.RaplSensor",
                "dev.greenslice.kubernetes.ClusterManifests", "dev.greenslice.triton.TritonMetricsSensor",
                "dev.greenslice.opentelemetry.SpanEnergy", "dev.greenslice.micrometer.CarbonMeterMetrics",
                "dev.greenslice.test.sensor.EnergySensorContract", "dev.greenslice.test.planning.Fleets")) {
            assertTrue(all.contain(marker), marker + " is not on the class path ArchitectureTest imports");
        }
        assertFalse(all.contain(ArchitectureTest.class), "test classes must not be imported");
    }

    @Test
    void everyTestKitPackageIsInOneOfItsLayers() {
        // TEST_KIT lists greenslice-test's packages one by one (to leave out the planning kit's): a new package
        // must be added there, or the module graph would not see it.
        classes().that().resideInAPackage("dev.greenslice.test..")
                .should().resideInAnyPackage(concat(TEST_KIT, TEST_KIT_PLANNING)).check(all);
    }

    @Test
    void modulesDependOneWay() {
        moduleGraph().check(all);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.greenslice.(**)").should().beFreeOfCycles().check(all);
    }

    @Test
    void libraryPackagesNeverDependOnTheSimulatorOrApplications() {
        libraryNeverUses(LIBRARY, NOT_LIBRARY).check(all);
    }

    @Test
    void theRulesSeeRealDependencies() {
        // The samples do use the simulator: the same rule over them must fail, or it could pass on nothing.
        EvaluationResult result = libraryNeverUses(APPLICATIONS, SIMULATOR).evaluate(all);
        assertTrue(result.hasViolation(), "the samples' use of the simulator went unseen");
    }

    @Test
    void carbonApiDependsOnlyOnTheJdkAndSlf4j() {
        classes().that().resideInAnyPackage(CARBON_API)
                .should().onlyDependOnClassesThat(inPackages("the JDK, SLF4J or carbon-api itself",
                        concat(new String[] {"java..", "javax..", "jdk.jfr..", "com.sun.management..", "org.slf4j.."}, CARBON_API)))
                .check(all);
    }

    @Test
    void noLibraryCodeDependsOnTheMockClock() {
        // MockClock is test support: a library class that names it would change behaviour under test. Library code
        // asks the Clock what it can do (advancesByItself, sleep) instead.
        noClasses().that().resideInAnyPackage(LIBRARY)
                .and().doNotHaveFullyQualifiedName(MockClock.class.getName())
                .should().dependOnClassesThat().areAssignableTo(MockClock.class)
                .check(all);
    }
}
