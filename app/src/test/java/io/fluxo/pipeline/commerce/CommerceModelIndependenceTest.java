package io.fluxo.pipeline.commerce;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The commerce expectation checks the pipeline's rules only if it does not reuse them: the model, the generator and the
 * verifier never touch the classes under test.
 */
class CommerceModelIndependenceTest {
    @Test
    void theExpectationIsComputedApartFromTheRulesItChecks() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fluxo.pipeline.commerce");
        noClasses().that().haveSimpleNameStartingWith("CommerceExpectation")
                .or().haveSimpleNameStartingWith("CommerceGenerator")
                .or().haveSimpleNameStartingWith("CommerceVerifier")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Sessions")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("WindowKind")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Ratios")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("RevenueAnomaly")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("CommerceBatchWriter")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("CommerceProcessor")
                .because("--expect must not reuse the rules it checks: compute it in CommerceExpectation from DESIGN §1.4")
                .check(main);
    }
}
