package uk.carebridge.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The server's packages stay a layered whole a newcomer can read in order (issue 19): no package, and no class,
 * depends through any path on itself; reading config never needs routing; the server's core never reaches into the command line;
 * and no server class outside {@code partner} and {@code outbound} calls a plugin's deliverer.
 */
class ServerLayoutTest {

    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("uk.carebridge.server");

    @Test
    void noPackageCycles() {
        slices().matching("uk.carebridge.server.(*)..").should().beFreeOfCycles().check(SERVER);
    }

    /** Each top-level class with its nested ones: no two of them need each other (constants javac inlines aside). */
    @Test
    void noClassCycles() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                JavaClass top = javaClass;
                while (top.getEnclosingClass().isPresent()) {
                    top = top.getEnclosingClass().get();
                }
                return SliceIdentifier.of(top.getName());
            }

            @Override
            public String getDescription() {
                return "each top-level class of the server";
            }
        }).should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void configDoesNotDependOnRouting() {
        noClasses().that().resideInAPackage("uk.carebridge.server.config..")
                .should().dependOnClassesThat().resideInAPackage("uk.carebridge.server.routing..")
                .check(SERVER);
    }

    @Test
    void onlyTheCommandLineDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("uk.carebridge.server.cli..")
                .should().dependOnClassesThat().resideInAPackage("uk.carebridge.server.cli..")
                .check(SERVER);
    }

    @Test
    void reloadingDependsOnAnInterfaceNotOnTheServer() {
        noClasses().that().resideInAPackage("uk.carebridge.server.reload..")
                .should().dependOnClassesThat().haveFullyQualifiedName(CareBridgeServer.class.getName())
                .check(SERVER);
    }

    @Test
    void deliverersAreCalledByTheOutboundEnvelopeOnly() {
        noClasses().that().resideOutsideOfPackages("uk.carebridge.server.partner..", "uk.carebridge.server.outbound..")
                .should().callMethod(uk.carebridge.plugin.delivery.Deliverer.class, "deliver",
                        uk.carebridge.plugin.delivery.OutboundMessage.class)
                .check(SERVER);
    }
}
