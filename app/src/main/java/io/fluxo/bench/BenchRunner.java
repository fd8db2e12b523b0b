package io.fluxo.bench;

import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProduceSummary;
import io.fluxo.generator.ProgressBar;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.PipelineRunner;
import io.fluxo.pipeline.PipelineMetrics;
import io.fluxo.pipeline.PipelineRegistry;
import io.fluxo.spark.SparkSessions;
import io.fluxo.stack.LocalStack;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The bench of DESIGN §8 for any pipeline, in order: pre-load N events, the raw Kafka consume of them (best of
 * two), each sink's raw rate, a warm-up, the plan's variants with --available-now, then freshness in a
 * continuous run. Every run gets its own topics, sinks and checkpoints (the plan's names), deleted at the end
 * unless asked to keep them, also on Ctrl-C.
 */
public final class BenchRunner {
    static final long WARMUP_EVENTS = 2_000;
    static final long FRESHNESS_WARMUP_EVENTS = 100;
    static final Duration POLL_EVERY = Duration.ofMillis(200);
    static final Duration RAW_CONSUME_MAX = Duration.ofMinutes(5);
    /** Measured rounds of each raw probe, after one warm-up round: best and median reported. */
    static final int RAW_ROUNDS = 3;
    /** The many-small-batches run: its batches of this many events, the first one not counted. */
    static final int SMALL_BATCHES = 21;
    static final int SMALL_BATCH_EVENTS = 10;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private final BenchPlan plan;
    private final Function<Map<String, String>, FluxoConfig> configs;
    private final BenchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final HeapMeter heap = new HeapMeter();
    private final List<Measurement> measurements = new ArrayList<>();
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private BenchNames names;
    private BenchPlan.Run run;
    private BenchPlan.Resources resources;
    private Path runDir;
    private FluxoConfig base;
    private volatile SparkSession spark;
    private int step;
    private int steps;
    private Path profile;
    private CpuMeter cpu = CpuMeter.of(Map.of());

    /**
     * @param configs the configuration with these overrides (full key paths) on top of file and environment
     */
    public BenchRunner(BenchPlan plan, Function<Map<String, String>, FluxoConfig> configs, BenchOptions options,
            PrintWriter out, PrintWriter err) {
        this.plan = plan;
        this.configs = configs;
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Profiles the first pass of the sinks-none run into this flame graph, and the many-small-batches run into one
     * beside it (see {@link #smallBatchesProfile}, {@link Profiler}); null: none.
     */
    public BenchRunner profile(Path flameGraph) {
        this.profile = flameGraph;
        return this;
    }

    public BenchReport run() {
        Instant startedAt = Instant.now();
        names = BenchNames.create(startedAt, new SecureRandom().nextLong());
        FluxoConfig configured = configs.apply(Map.of());
        runDir = names.dir(configured.home());
        run = plan.open(new BenchPlan.Context(names, options, configured, this::config, out));
        resources = run.resources();
        // The sinks-none run's names: the pre-load, the raw consume and the cleanup read only its topics.
        base = config(route(BenchNames.LOAD, plan.variants().get(0).output(), "none"), "base");

        if (options.kafka()) {
            StackProbe.kafka(base);
        }
        MachineInfo machine = MachineInfo.of(base, run.probe(base));
        cpu = CpuMeter.of(watchedProcesses(base));

        steps = (options.preload() ? 2 : 0) + (options.sinks() ? 1 : 0)
                + (options.pipelines() ? 2 + plan.variants().size() * plan.passes() : 0) + (options.freshness() ? 1 : 0);
        out.printf(Locale.ROOT, "bench %s: %s, checkpoints %s (%s)%n", names.runId(), resources.names(), runDir,
                options.keep() ? "kept: --keep" : "all deleted at the end");
        out.flush();

        Thread hook = new Thread(this::cleanupOnExit, "fluxo-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        Freshness freshness = null;
        try {
            run.setUp();
            if (options.preload()) {
                preload();
                rawConsume();
            }
            if (options.sinks()) {
                sinkRates();
            }
            if (options.pipelines()) {
                warmup();
                variants();
                smallBatches();
            }
            if (options.freshness()) {
                freshness = freshness();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running already and cleans up
            }
            cleanup();
        }
        return BenchReport.build(plan, names.runId(), startedAt, Instant.now(), options, machine, measurements, freshness);
    }

    // ---------------------------------------------------------------- steps

    private void preload() {
        heap.reset();
        ProduceSummary s = run.produce(base, options.events(), options.seed(), 0,
                ProgressBar.onStandardError(err, plan.nouns().events()));
        measurements.add(Measurement.of(BenchReport.PRODUCE, "produce (pre-load, seed " + options.seed() + ")", s.total(),
                "events", s.elapsed(), heap.peakBytes()));
        progress("pre-load: %,d %s into %s in %.2f s (%,.0f events/s)", s.total(), plan.nouns().events(),
                run.input(base).description(), s.elapsed().toNanos() / 1e9, s.eventsPerSecond());
    }

    private void rawConsume() {
        BenchPlan.Input input = run.input(base);
        heap.reset();
        // A warm-up pass (class loading, JIT, the broker's page cache), then the measured rounds.
        long[] bytes = {0};
        Measurement m = rounds(BenchReport.KAFKA_RAW, "kafka raw consume (plain consumer)", options.events(), "events",
                () -> {
                    KafkaRawConsumer.Result r = KafkaRawConsumer.consume(input.consumerProperties(), input.topics(),
                            RAW_CONSUME_MAX);
                    if (r.records() != options.events()) {
                        throw new IllegalStateException("Cannot trust the raw consume: it read " + r.records()
                                + " records from " + input.topics() + ", " + options.events() + " were produced");
                    }
                    bytes[0] = r.bytes();
                    return r.elapsed();
                }).withDetails(Map.of("bytes", bytes[0]));
        measurements.add(m);
        progress("raw Kafka consume: %,d events (%,.1f MiB) in %.3f s (%,.0f events/s, best of %d rounds; median %,d"
                + " events/s)", m.count(), bytes[0] / 1048576.0, m.seconds(), m.rate(), RAW_ROUNDS,
                m.details().get("median_rate_per_s"));
    }

    /**
     * One warm-up round of {@code work}, then {@link #RAW_ROUNDS} measured ones: the best in the row, the median
     * and every round in its details, the heap's peak and the CPU of the best round.
     */
    Measurement rounds(String key, String name, long count, String unit, Supplier<Duration> work) {
        work.get();
        List<Duration> times = new ArrayList<>();
        Duration best = null;
        long bestHeap = -1;
        Map<String, Long> bestCpu = Map.of();
        for (int round = 0; round < RAW_ROUNDS; round++) {
            heap.reset();
            Map<String, Long> roundCpu = new LinkedHashMap<>();
            Duration d = withCpu(roundCpu, work);
            times.add(d);
            if (best == null || d.compareTo(best) < 0) {
                best = d;
                bestHeap = heap.peakBytes();
                bestCpu = roundCpu;
            }
        }
        Duration median = Duration.ofNanos(BatchTimes.median(times.stream().map(Duration::toNanos).toList()));
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("rounds", (long) RAW_ROUNDS);
        details.put("warmup_rounds", 1L);
        details.put("median_ms", median.toMillis());
        details.put("median_rate_per_s", median.isZero() ? 0 : Math.round(count * 1e9 / median.toNanos()));
        for (int i = 0; i < times.size(); i++) {
            details.put("round_" + (i + 1) + "_ms", times.get(i).toMillis());
        }
        details.putAll(bestCpu);
        return Measurement.of(key, name + " (best of " + RAW_ROUNDS + ")", count, unit, best, bestHeap)
                .withDetails(details);
    }

    /** Runs {@code work} and puts the CPU it cost each watched process into {@code details} (see {@link #cpuDetails}). */
    private <T> T withCpu(Map<String, Long> details, Supplier<T> work) {
        CpuMeter.Snapshot before = cpu.snapshot();
        T result = work.get();
        details.putAll(cpuDetails(before, cpu.snapshot()));
        return result;
    }

    /** CPU milliseconds per watched process between two snapshots, as "cpu_ms.&lt;process&gt;" details. */
    static Map<String, Long> cpuDetails(CpuMeter.Snapshot before, CpuMeter.Snapshot after) {
        Map<String, Long> d = new LinkedHashMap<>();
        CpuMeter.seconds(before, after).forEach((name, seconds) -> d.put(Measurement.CPU_PREFIX + name,
                Math.round(seconds * 1000)));
        return d;
    }

    /** This JVM and each server of the local stack that runs (none of them when the stack is not ours). */
    private static Map<String, Long> watchedProcesses(FluxoConfig c) {
        Map<String, Long> watched = new LinkedHashMap<>();
        watched.put(Measurement.PIPELINE_JVM, ProcessHandle.current().pid());
        try {
            new LocalStack(c.stack(), LocalStack.fluxoHome()).runningPids()
                    .forEach((service, pid) -> watched.put(service.cliName(), pid));
        } catch (UserException notAnInstallation) {
            // a jar run outside the repository: only this JVM and the machine are measured
        }
        return watched;
    }

    private void sinkRates() {
        BenchPlan.SinkRates rates = run.sinkRates(this::rounds);
        measurements.addAll(rates.measurements());
        progress("%s", rates.line());
        rates.warnings().forEach(p -> out.println("  warning: " + p));
    }

    /** A small end-to-end run first, so the measured runs do not pay for Spark's first query (planning, codegen, JIT). */
    private void warmup() {
        FluxoConfig warm = config(route(BenchNames.WARMUP, BenchNames.WARMUP, plan.allSinks().setting()), "warmup");
        long events = Math.min(WARMUP_EVENTS, options.events());
        run.produce(warm, events, options.seed() + 3, 0, ProgressListener.NONE);
        long started = System.nanoTime();
        Run r = runAvailableNow(warm, events);
        progress("warm-up: Spark started, %,d %s through %s in %.1f s (not in the table)", events, plan.nouns().events(),
                plan.allSinks().words(), (System.nanoTime() - started) / 1e9);
        if (r.restarts() > 0) {
            out.println("  note: the warm-up was restarted after SPARK-55271");
        }
    }

    /**
     * The variants in alternating passes, the best of each in the table: on 2 cores the run right after the
     * short warm-up is seconds slower than the next one whatever its sinks (it still pays for the first big
     * batch), and one pass each would put that on one configuration.
     */
    private void variants() {
        List<List<Measurement>> passes = new ArrayList<>();
        plan.variants().forEach(v -> passes.add(new ArrayList<>()));
        for (int pass = 1; pass <= plan.passes(); pass++) {
            for (int i = 0; i < plan.variants().size(); i++) {
                passes.get(i).add(variant(plan.variants().get(i), pass));
            }
        }
        for (List<Measurement> each : passes) {
            measurements.add(each.size() == 1 ? each.get(0) : best(each));
        }
        measurements.addAll(plan.derived(BenchReport.byKey(measurements)));
    }

    /** The fastest pass, named so, with every pass's time in its details. */
    static Measurement best(List<Measurement> passes) {
        Measurement best = passes.get(0);
        for (Measurement m : passes) {
            if (m.elapsed().compareTo(best.elapsed()) < 0) {
                best = m;
            }
        }
        Map<String, Long> details = new LinkedHashMap<>();
        details.put("passes", (long) passes.size());
        details.put("best_pass", (long) passes.indexOf(best) + 1);
        for (int i = 0; i < passes.size(); i++) {
            details.put("pass_" + (i + 1) + "_ms", passes.get(i).elapsed().toMillis());
        }
        return new Measurement(best.key(), best.name() + " (best of " + passes.size() + ")", best.count(), best.unit(),
                best.elapsed(), best.peakHeapBytes(), best.ratios(), best.details()).withDetails(details);
    }

    private Measurement variant(BenchPlan.Variant v, int pass) {
        boolean several = plan.passes() > 1;
        String suffix = several ? "-" + pass : "";
        FluxoConfig c = config(route(BenchNames.LOAD, v.output() + suffix, v.sinks()), v.checkpoint() + suffix);
        run.beforeVariant(c);
        Run r = measuredRun(c, options.events(), pass == 1 && v == plan.variants().get(0) ? profile : null);
        Map<String, Long> details = new LinkedHashMap<>(r.details());
        details.putAll(run.afterVariant(c, r.restarts()));
        Measurement m = Measurement.of(v.key(), v.label(), options.events(), "events", r.elapsed(), heap.peakBytes())
                .withDetails(details);
        Map<String, Measurement> byKey = BenchReport.byKey(measurements);
        StringBuilder ratios = new StringBuilder();
        List<BenchPlan.Reference> references = new ArrayList<>(List.of(BenchReport.RAW_KAFKA));
        references.addAll(v.ratios());
        for (BenchPlan.Reference ref : references) {
            Measurement reference = byKey.get(ref.measurement());
            if (reference != null) {
                ratios.append(String.format(Locale.ROOT, ", %.3fx %s", Ratio.of(m.steadyRate(), reference.rate()),
                        ref.words()));
            }
        }
        long batches = details.get("batches");
        double inBatches = details.get("spark_trigger_ms") / 1000.0;
        progress("%s%s: %,d events in %.2f s (%,.0f events/s; steady %,.0f events/s in %d batches after the first%s); %s;"
                + " first batch %.1f s, query start and stop %.1f s; CPU %s",
                v.label(), several ? String.format(Locale.ROOT, " (pass %d of %d)", pass, plan.passes()) : "", m.count(),
                m.seconds(), m.rate(), m.steadyRate(), details.get("steady_batches"), ratios, plan.written(c, details),
                details.get("first_batch_ms") / 1000.0, Math.max(0, m.seconds() - inBatches), m.cpuText());
        if (r.restarts() > 0) {
            out.println("  note: this " + (several ? "pass" : "run") + " was restarted after SPARK-55271");
        }
        return m;
    }

    /**
     * The fixed cost of a micro-batch: {@link #SMALL_BATCHES} batches of {@link #SMALL_BATCH_EVENTS} events with sinks
     * none, on topics, outputs and checkpoints of their own; the first batch (opening state and consumers) is not
     * counted, the median of the others is the cost every batch pays whatever its size.
     */
    private void smallBatches() {
        BenchPlan.Variant none = plan.variants().get(0);
        FluxoConfig c = config(route(BenchNames.SMALL, BenchNames.SMALL, none.sinks()), "small-batches", SMALL_BATCH_EVENTS);
        long events = (long) SMALL_BATCHES * SMALL_BATCH_EVENTS;
        run.produce(c, events, options.seed() + 5, 0, ProgressListener.NONE);
        Run r = measuredRun(c, events, profile == null ? null : smallBatchesProfile(profile));
        Map<String, Long> details = r.details();
        Measurement m = Measurement.of(BenchReport.SMALL_BATCHES, "many small batches (" + SMALL_BATCHES + " x "
                + SMALL_BATCH_EVENTS + " events, sinks none)", events, "events", r.elapsed(), heap.peakBytes())
                .withDetails(details);
        measurements.add(m);
        progress("many small batches: %,d %s read %d at a time, sinks none: %d Spark batches, the first %,d ms, the %d"
                + " after it %,d ms each (median, max %,d ms) — the fixed cost of a micro-batch", events,
                plan.nouns().events(), SMALL_BATCH_EVENTS, details.get("spark_batches"), details.get("first_batch_ms"),
                details.get("steady_batches"),
                details.get("steady_batch_ms_median"), details.get("spark_trigger_ms_max"));
    }

    /**
     * A measured --available-now run of {@code events}: the heap's peak from its start, its CPU per watched process in
     * its details, and a CPU profile into {@code flameGraph} unless that is null.
     */
    private Run measuredRun(FluxoConfig c, long events, Path flameGraph) {
        heap.reset();
        Profiler profiler = flameGraph == null ? null : Profiler.start(flameGraph);
        Map<String, Long> cpuCost = new LinkedHashMap<>();
        Run r = withCpu(cpuCost, () -> runAvailableNow(c, events));
        if (profiler != null) {
            profiler.stop(events, out);
        }
        Map<String, Long> details = new LinkedHashMap<>(r.details());
        details.putAll(cpuCost);
        return new Run(r.elapsed(), r.restarts(), details);
    }

    /** The flame graph of the many-small-batches run beside the sinks-none one: rec.html → rec-small-batches.html. */
    static Path smallBatchesProfile(Path flameGraph) {
        String name = flameGraph.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String small = dot > 0 ? name.substring(0, dot) + "-small-batches" + name.substring(dot) : name + "-small-batches";
        return flameGraph.resolveSibling(small);
    }

    private record Run(Duration elapsed, int restarts, Map<String, Long> details) {
    }

    /**
     * Prepares outside the clock (topics, sinks), then times the job from its first query's start to its last one's
     * end: its queries one after the other, each drained before the next starts. With several, each one's time,
     * rows and batches are in the details under its name, and the batch times are the chain's (see
     * {@link BatchTimes#chain}).
     */
    private Run runAvailableNow(FluxoConfig c, long expectedEvents) {
        BenchPlan.Job job = run.prepare(c);
        SparkSession session = spark(c);
        PipelineMetrics metrics = PipelineMetrics.of(plan.pipeline());
        Map<String, String> counters = new LinkedHashMap<>(plan.counters());
        counters.put("dead_letters", PipelineMetrics.DEAD_LETTERS);
        Map<String, Long> before = new LinkedHashMap<>();
        counters.forEach((k, v) -> before.put(k, metrics.get(v)));
        long batchesBefore = metrics.batches();
        int restarts = 0;
        List<BatchTimes> stages = new ArrayList<>();
        Map<String, Long> stageDetails = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (BenchPlan.Stage stage : job.stages()) {
            AtomicInteger starts = new AtomicInteger();
            AtomicReference<StreamingQuery> last = new AtomicReference<>();
            long stageStarted = System.nanoTime();
            PipelineRunner.run(() -> {
                starts.incrementAndGet();
                StreamingQuery q = stage.start().start(session, true);
                last.set(q);
                return q;
            }, PipelineRegistry.get(plan.pipeline()), Duration.ofHours(1), QUIET);
            long stageMillis = (System.nanoTime() - stageStarted) / 1_000_000;
            BatchTimes times = BatchTimes.of(last.get().recentProgress(), null);
            if (stages.isEmpty() && starts.get() == 1 && times.inputRows() != expectedEvents) {
                throw new IllegalStateException("Cannot trust the pipeline run: " + (job.stages().size() == 1 ? "it"
                        : "its " + stage.name() + " query") + " read " + times.inputRows() + " events, "
                        + expectedEvents + " were produced");
            }
            restarts += starts.get() - 1;
            stages.add(times);
            if (job.stages().size() > 1) {
                stageDetails.putAll(times.stageDetails(stage.name(), stageMillis));
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Long> details = new LinkedHashMap<>();
        counters.forEach((k, v) -> details.put(k, metrics.get(v) - before.get(k)));
        details.put("batches", metrics.batches() - batchesBefore);
        details.put("restarts", (long) restarts);
        details.putAll(BatchTimes.chain(stages, expectedEvents).details());
        details.putAll(stageDetails);
        return new Run(elapsed, restarts, details);
    }

    private Freshness freshness() {
        FluxoConfig c = config(route(BenchNames.FRESH, BenchNames.FRESH, plan.allSinks().setting()), "freshness");
        BenchPlan.Job job = run.prepare(c);
        SparkSession session = spark(c);
        Duration patience = max(Duration.ofSeconds(60), options.window().multipliedBy(4).plusSeconds(30));
        long queryStart = System.currentTimeMillis() - 1;
        try (FreshnessProbe probe = run.freshnessProbe(c, POLL_EVERY, queryStart)) {
            heap.reset();
            List<StreamingQuery> queries = new ArrayList<>();
            try {
                for (BenchPlan.Stage stage : job.stages()) {
                    queries.add(stage.start().start(session, false));
                }
                return measureFreshness(c, probe, queries, patience);
            } finally {
                queries.forEach(PipelineRunner::stop);
            }
        }
    }

    /** @param queries the job's, all running; the batch times are the last one's, the one that writes what is watched */
    private Freshness measureFreshness(FluxoConfig c, FreshnessProbe probe, List<StreamingQuery> queries,
            Duration patience) {
        probe.start();
        // Warm-up: the query's first batch opens its state store and Kafka consumers; production does not restart daily.
        Instant warmFrom = now();
        double rate = freshnessRate();
        ProduceSummary warm = run.produce(c, FRESHNESS_WARMUP_EVENTS, options.seed() + 4, rate,
                ProgressListener.NONE);
        if (!await(() -> probe.allVisible(List.of(warm), warmFrom), patience, queries, probe)) {
            throw new UserException("Cannot measure freshness: " + probe.warmupMissing() + " within "
                    + patience.toSeconds() + " s");
        }

        Instant from = now();
        ProduceSummary s = run.produce(c, options.freshnessEvents(), plan.freshnessSeed(options.seed()),
                rate, ProgressBar.onStandardError(err, plan.nouns().events()));
        await(() -> probe.allVisible(List.of(warm, s), from), patience, queries, probe);
        FreshnessProbe.Seen seen = probe.seen(s, from);
        LatencySummary latency = seen.millis().isEmpty() ? null : LatencySummary.of(seen.millis());
        Freshness f = new Freshness(options.window(), rate, s.total(), s.elapsed(), seen.expected(),
                seen.millis().size(), warm.total(), POLL_EVERY, latency);
        BatchTimes times = BatchTimes.of(queries.get(queries.size() - 1).recentProgress(), from);
        Map<String, Long> details = new LinkedHashMap<>();
        details.put(plan.nouns().expectedKey(), seen.expected());
        details.put(plan.nouns().item() + "s_seen", (long) seen.millis().size());
        details.put("missing", f.missing());
        details.put("warmup_events", warm.total());
        details.putAll(seen.details());
        details.putAll(times.details());
        measurements.add(Measurement.of(BenchReport.FRESHNESS, "freshness run (continuous, window "
                + BenchReport.durationText(f.window()) + ")", s.total(), "events", s.elapsed(), heap.peakBytes())
                .withDetails(details));
        progress("%s; %d Spark batches of %,d ms on average (max %,d ms)", BenchReport.freshnessLine(f, plan.nouns()),
                times.batches(), times.batches() == 0 ? 0 : times.triggerMillis() / times.batches(),
                times.maxTriggerMillis());
        seen.notes().forEach(n -> out.println("  note: " + n));
        return f;
    }

    /** The given rate, or half the end-to-end run's steady rate (the last variant), or the default without one. */
    private double freshnessRate() {
        if (options.freshnessRate() != BenchOptions.HALF_RATE) {
            return options.freshnessRate();
        }
        Measurement full = BenchReport.byKey(measurements).get(plan.variants().get(plan.variants().size() - 1).key());
        double half = full == null ? 0 : Math.floor(full.steadyRate() / 2);
        return half >= 1 ? half : BenchOptions.DEFAULT_FRESHNESS_RATE;
    }

    /** Waits for {@code done}, failing early when the query died or the sink stopped answering. */
    private boolean await(BooleanSupplier done, Duration patience, List<StreamingQuery> queries, FreshnessProbe probe) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!done.getAsBoolean()) {
            for (StreamingQuery query : queries) {
                if (query.exception().isDefined()) {
                    throw PipelineRunner.failure(plan.pipeline(), query.exception().get());
                }
                if (!query.isActive()) {
                    throw new IllegalStateException("Cannot measure freshness: the " + plan.pipeline() + " query "
                            + query.name() + " stopped by itself");
                }
            }
            if (probe.consecutiveErrors() >= 25) {
                throw probe.unreadable(probe.lastError());
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Cannot measure freshness: interrupted", e);
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    private BenchPlan.Route route(String input, String output, String sinks) {
        return new BenchPlan.Route(input, output, sinks, options.window());
    }

    private FluxoConfig config(BenchPlan.Route route, String checkpoint) {
        return config(route, checkpoint, options.eventsPerBatch());
    }

    private FluxoConfig config(BenchPlan.Route route, String checkpoint, long eventsPerBatch) {
        Map<String, String> overrides = new LinkedHashMap<>(run.overrides(route));
        overrides.put("fluxo." + plan.pipeline() + ".max-offsets-per-trigger", Long.toString(eventsPerBatch));
        overrides.put("fluxo.checkpoint-dir", runDir.resolve(checkpoint).toAbsolutePath().toString());
        return configs.apply(overrides);
    }

    private SparkSession spark(FluxoConfig c) {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(c);
        }
        return spark;
    }

    /** Milliseconds, as the sinks and Kafka keep their times. */
    private static Instant now() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }

    private void progress(String format, Object... args) {
        step++;
        Object[] all = new Object[args.length + 2];
        all[0] = step;
        all[1] = steps;
        System.arraycopy(args, 0, all, 2, args.length);
        out.printf(Locale.ROOT, "[%d/%d] " + format + "%n", all);
        out.flush();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void cleanup() {
        if (!cleaned.compareAndSet(false, true)) {
            return;
        }
        if (options.keep()) {
            out.printf(Locale.ROOT, "bench %s: kept (--keep) its %s and checkpoints %s%n", names.runId(),
                    resources.names(), runDir);
            out.flush();
            return;
        }
        List<String> problems = new ArrayList<>();
        if (options.kafka()) {
            BenchCleanup.deleteTopics(base, run.topics(), problems);
        }
        run.cleanup(base, problems);
        BenchCleanup.deleteDirectory(runDir, problems);
        out.println(problems.isEmpty() ? "bench " + names.runId() + ": its " + resources.kinds()
                + " and checkpoints are deleted" : "bench " + names.runId() + ": cleanup incomplete");
        problems.forEach(p -> out.println("  warning: " + p));
        out.flush();
    }

    /** On Ctrl-C: stop this bench's queries first, so no late write re-creates what is being deleted. */
    private void cleanupOnExit() {
        SparkSession s = spark;
        if (s != null) {
            for (StreamingQuery q : s.streams().active()) {
                PipelineRunner.stop(q);
            }
        }
        cleanup();
    }
}
