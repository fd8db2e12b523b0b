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
        return PipelineRegistry.get(pipeline).benchPlan();
    }

    static List<BenchPlan> all() {
        return PipelineRegistry.all().stream().map(Pipeline::benchPlan).toList();
    }
}
