package io.fluxo.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import io.fluxo.pipeline.receivables.ReceivablesPipeline;
import io.fluxo.pipeline.transactions.TransactionsPipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRegistryTest {

    @Test
    void findsThePipelinesOfTheServicesFileInNameOrder() {
        assertThat(PipelineRegistry.names()).containsExactly("commerce", "medallion", "receivables", "transactions");
        assertThat(PipelineRegistry.get("Transactions")).isInstanceOf(TransactionsPipeline.class);
    }

    @Test
    void anUnknownPipelineIsOneLineListingTheKnownOnes() {
        assertThatThrownBy(() -> PipelineRegistry.get("payments")).isInstanceOf(UserException.class)
                .hasMessage("Invalid pipeline: payments (use one of commerce, medallion, receivables, transactions)");
    }

    @Test
    void twoPipelinesOfOneNameOrNoneAtAllAreABug() {
        assertThatThrownBy(() -> PipelineRegistry.load(List.of(new ReceivablesPipeline(), new ReceivablesPipeline())))
                .isInstanceOf(IllegalStateException.class).hasMessage("Cannot register two pipelines named receivables: "
                        + ReceivablesPipeline.class.getName() + " and " + ReceivablesPipeline.class.getName());
        assertThatThrownBy(() -> PipelineRegistry.load(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot find any pipeline: no META-INF/services/io.fluxo.pipeline.Pipeline on the classpath");
    }

    /** What {@code demo --window} sets is a setting the pipeline has: a 7 s override reaches its queries. */
    @Test
    void everyPipelinesTriggerSettingIsOneOfItsSettings() {
        assertThat(PipelineRegistry.all()).extracting(p -> p.name() + "." + p.triggerSetting()).containsExactly(
                "commerce.trigger", "medallion.trigger", "receivables.window", "transactions.window");
        for (Pipeline p : PipelineRegistry.all()) {
            String key = "fluxo." + p.name() + "." + p.triggerSetting();
            var config = PipelineRegistry.loadConfig(null, java.util.Map.of(), java.util.Map.of(key, "7s"));
            assertThat(config.section(p.configSections().get(0)).toString()).as(key).contains("PT7S");
        }
    }

    @Test
    void everyPipelineSettingsSectionIsReadAtLoad() {
        assertThat(PipelineRegistry.configSections()).extracting(s -> s.path()).containsExactly("fluxo.dynamodb",
                "fluxo.opensearch", "fluxo.postgres", "fluxo.kafka.sink", "fluxo.s3", "fluxo.dlq", "fluxo.amounts", "fluxo.audit", "fluxo.dashboard",
                "fluxo.commerce", "fluxo.medallion",
                "fluxo.receivables", "fluxo.transactions");
    }
}
