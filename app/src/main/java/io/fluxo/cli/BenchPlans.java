package io.fluxo.cli;

import io.fluxo.bench.BenchPlan;
import io.fluxo.pipeline.Pipeline;
import io.fluxo.pipeline.PipelineRegistry;
import java.util.List;

/** The registered pipelines' bench plans. */
final class BenchPlans {
    private BenchPlans() {
    }

    /** @throws io.fluxo.config.UserException "Invalid pipeline: x (use one of receivables, transactions)" */
    static BenchPlan forName(String pipeline) {
        Pipeline p = PipelineRegistry.get(pipeline);
        return p.benchPlan().orElseThrow(() -> new io.fluxo.config.UserException("Cannot bench " + p.name()
                + ": its bench is not built yet (bench one of " + String.join(", ", all().stream().map(BenchPlan::pipeline)
                .toList()) + ")"));
    }

    static List<BenchPlan> all() {
        return PipelineRegistry.all().stream().flatMap(p -> p.benchPlan().stream()).toList();
    }
}
