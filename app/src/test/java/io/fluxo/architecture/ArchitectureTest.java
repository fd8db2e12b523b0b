package io.fluxo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of Fluxo as rules: a pipeline is one package that only the pipeline registry (through
 * META-INF/services) knows; sinks, configuration and commands know no pipeline; the metrics observe and nothing
 * depends on them. Each failure says how to fix it.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.fluxo");
    }

    @Test
    void sinksKnowNoPipeline() {
        noClasses().that().resideInAPackage("io.fluxo.sink..")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.pipeline..")
                .because("a sink writes generic rows (attribute maps, documents, table rows): give it those, and keep the"
                        + " mapping from a pipeline's rows in the pipeline's own package")
                .check(main);
    }

    @Test
    void theBankTransactionRecordsKnowNoPipeline() {
        noClasses().that().resideInAPackage("io.fluxo.banking..")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.pipeline..")
                .because("io.fluxo.banking is what every pipeline reading bank_transactions shares (the parser, its"
                        + " rules, Transaction): what only one pipeline needs belongs in that pipeline's package")
                .check(main);
    }

    @Test
    void configurationKnowsNoPipeline() {
        noClasses().that().resideInAPackage("io.fluxo.config..")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.pipeline..")
                .because("each pipeline owns its settings record: declare it as a ConfigSection in the pipeline's package"
                        + " and return it from Pipeline.configSections()")
                .check(main);
    }

    @Test
    void pipelinesDoNotImportEachOther() {
        slices().matching("io.fluxo.pipeline.(*)..").should().notDependOnEachOther()
                .because("a pipeline is one package: move what two pipelines share to a platform package (io.fluxo.kafka,"
                        + " io.fluxo.sink, io.fluxo.generator, io.fluxo.pipeline)")
                .check(main);
    }

    @Test
    void commandsAndPlatformDoNotImportAPipelinesInternals() {
        noClasses().that().resideOutsideOfPackage("io.fluxo.pipeline.*..")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.pipeline.*..")
                .because("the platform (cli, bench, sinks, config, stack) reaches a pipeline only through the Pipeline"
                        + " interface and PipelineRegistry; add what it needs to the interface instead")
                .check(main);
    }

    @Test
    void thePipelineApiKnowsNoPipeline() {
        noClasses().that().resideInAPackage("io.fluxo.pipeline")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.pipeline.*..")
                .because("pipelines are found by ServiceLoader (META-INF/services/io.fluxo.pipeline.Pipeline): register"
                        + " a new one there, never by name in io.fluxo.pipeline")
                .check(main);
    }

    @Test
    void everyKafkaBatchWriterIsAuditedForDataLoss() {
        for (JavaClass c : main) {
            boolean writesBatches = c.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("foreachBatch")
                    && call.getTargetOwner().isEquivalentTo(org.apache.spark.sql.streaming.DataStreamWriter.class));
            boolean readsKafka = c.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("read")
                    && call.getTargetOwner().isEquivalentTo(io.fluxo.kafka.KafkaSource.class));
            boolean audited = c.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals("audited")
                    && call.getTargetOwner().isEquivalentTo(io.fluxo.kafka.DataLossAudit.class));
            // A query reading a Delta table (medallion's silver reads bronze) has no Kafka offsets to lose; one that
            // reads Kafka writes through foreachBatch, so that the audit sees every batch.
            assertThat(!readsKafka || (writesBatches && audited))
                    .as(c.getName() + " reads Kafka but does not write its batches through foreachBatch(DataLossAudit.audited(...)):"
                            + " write .foreachBatch(DataLossAudit.audited(NAME, config, writer)) so that offsets Kafka deleted"
                            + " before they were read are recorded (DESIGN §5)")
                    .isTrue();
        }
    }

    @Test
    void pipelinesAndSinksDoNotKnowTheMetrics() {
        noClasses().that().resideInAnyPackage("io.fluxo.pipeline.*..", "io.fluxo.sink..")
                .should().dependOnClassesThat().resideInAPackage("io.fluxo.metrics..")
                .because("a batch writer only adds to PipelineMetrics (a counter per name) and Spark reports progress to"
                        + " io.fluxo.metrics.FluxoMetricsListener: the metrics read both at scrape time, so a batch never"
                        + " waits for them; add a counter to PipelineMetrics instead")
                .check(main);
    }

    @Test
    void theMetricsOnlyObserve() {
        noClasses().that().resideInAPackage("io.fluxo.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fluxo.sink..", "io.fluxo.cli..", "io.fluxo.bench..",
                        "io.fluxo.stack..", "io.fluxo.generator..")
                .because("io.fluxo.metrics reads progress events and PipelineMetrics and serves them; the commands start"
                        + " it (MetricsServer.start, spark.streams().addListener), not the other way round")
                .check(main);
    }

    @Test
    void onlyTheMetricsPackageUsesThePrometheusClient() {
        noClasses().that().resideOutsideOfPackage("io.fluxo.metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus..")
                .because("the Prometheus client stays behind io.fluxo.metrics (FluxoMetrics, MetricsServer): record what"
                        + " you measure in PipelineMetrics and export it there")
                .check(main);
    }

    @Test
    void theStackKnowsNoJobCode() {
        noClasses().that().resideInAPackage("io.fluxo.stack..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fluxo.pipeline..", "io.fluxo.bench..",
                        "io.fluxo.generator..", "io.fluxo.cli..")
                .because("the local stack only starts and checks servers (it may use a sink's client for a health"
                        + " check); job code talks to the servers through configuration")
                .check(main);
    }

    @Test
    void theTransactionsExpectationIsComputedByAnIndependentModel() {
        noClasses().that().haveSimpleNameStartingWith("ReferenceModel").or().haveSimpleNameStartingWith("TransactionsGenerator")
                .and().resideInAPackage("io.fluxo.pipeline.transactions")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Verdict")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("RiskScore")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("PayerProfile")
                .because("the generator's --expect must not reuse the rules it checks: compute it in ReferenceModel from"
                        + " DESIGN §1.2, and compare the two in ReferenceModelDifferentialTest")
                .check(main);
    }
}
