package io.omniqueue.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The features stay apart: no cycle between them, and the connectors are plugins that nothing
 * else knows. A feature is a top-level package of {@code io.omniqueue}; each connector
 * ({@code channel.<kind>}) and the alert watch ({@code sla.watch}) count as features of their own,
 * since they depend on the conversation feature that depends on {@code channel} and {@code sla}.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.omniqueue");
    }

    static final SliceAssignment FEATURES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] parts = javaClass.getPackageName().split("\\.");
            if (parts.length < 3) {
                return SliceIdentifier.ignore();
            }
            boolean nested = parts.length > 3 && (parts[2].equals("channel") || parts[2].equals("sla"));
            return SliceIdentifier.of(nested ? parts[2] + "." + parts[3] : parts[2]);
        }

        @Override
        public String getDescription() {
            return "features of io.omniqueue (connectors and the alert watch apart)";
        }
    };

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().assignedFrom(FEATURES).should().beFreeOfCycles().check(classes);
    }

    @Test
    void noFeatureKnowsAConnectorsInsides() {
        noClasses().that().resideOutsideOfPackage("io.omniqueue.channel.(*)..")
                .should().dependOnClassesThat().resideInAPackage("io.omniqueue.channel.(*)..")
                .because("a connector is one package that declares itself; adding one edits no shared class")
                .check(classes);
    }

    @Test
    void connectorsDoNotUseEachOther() {
        slices().matching("io.omniqueue.channel.(*)..").should().notDependOnEachOther().check(classes);
    }

    /** Java's package-private classes keep most insides in; an {@code internal} package is for the rest. */
    @Test
    void featuresUseNoOtherFeaturesInternals() {
        for (String feature : new String[] {"channel", "conversation", "customer", "metrics", "health", "platform",
                "quarantine", "reply", "report", "sla", "web", "demo", "sandbox"}) {
            noClasses().that().resideOutsideOfPackage("io.omniqueue." + feature + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.omniqueue." + feature + ".internal..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
