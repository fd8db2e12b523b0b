package io.fluxo.pipeline.receivables;

import io.fluxo.pipeline.PipelineRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ReceivablesGeneratorTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);

    private static List<GeneratedEvent> generate(ReceivablesOptions options) {
        return generate(new ReceivablesGenerator(options, FIXED));
    }

    private static List<GeneratedEvent> generate(ReceivablesGenerator generator) {
        List<GeneratedEvent> events = new ArrayList<>();
        generator.forEachRemaining(events::add);
        return events;
    }

    @Test
    void sameSeedAndOptionsGiveTheSameSequence() {
        ReceivablesOptions options = ReceivablesOptions.defaults(5_000).withOutOfOrderRate(0.2).withDuplicateRate(0.1)
                .withOverAllocationRate(0.05);
        assertThat(generate(options)).isEqualTo(generate(options));
    }

    @Test
    void anotherSeedGivesAnotherSequence() {
        List<GeneratedEvent> a = generate(ReceivablesOptions.defaults(1_000));
        List<GeneratedEvent> b = generate(ReceivablesOptions.defaults(1_000).withSeed(43));
        assertThat(a.get(0).idRecebivel()).isNotEqualTo(b.get(0).idRecebivel());
        Set<String> idsA = a.stream().map(GeneratedEvent::idRecebivel).collect(Collectors.toSet());
        assertThat(b).noneMatch(e -> idsA.contains(e.idRecebivel()));
    }

    @Test
    void sendsExactlyTheCount() {
        for (long count : new long[] {1, 2, 7, 500, 3_001}) {
            ReceivablesGenerator generator = new ReceivablesGenerator(ReceivablesOptions.defaults(count)
                    .withCancelRate(0.9).withNegotiateRate(0.9).withOutOfOrderRate(0.5).withDuplicateRate(0.5), FIXED);
            assertThat(generate(generator)).hasSize((int) count);
            assertThat(generator.hasNext()).isFalse();
            assertThatThrownBy(generator::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    /** Seed 42, 12 events, checked by hand: 34.32 − 4.05 − 30.27 = 0.00 and 7708.58 − 792.33 − 743.22 = 6173.03. */
    @Test
    void tinyRunHasTheHandCheckedValues() {
        ReceivablesGenerator generator = new ReceivablesGenerator(ReceivablesOptions.defaults(12), FIXED);
        List<GeneratedEvent> events = generate(generator);

        assertThat(events.get(0).toJsonString()).isEqualTo("{\"id_recebivel\":\"ba419d35-0dfe-4af7-aee7-bbe10c45c028\","
                + "\"id_pagamento\":\"4f083ce3-f12b-4b4b-86ee-9d82b52c856d\",\"codigo_produto\":20,"
                + "\"codigo_produto_parceiro\":9093,\"modalidade\":3,\"valor_original\":375.32,"
                + "\"data_vencimento\":\"2025-10-05\",\"tipo_evento\":\"agendado\",\"timestamp\":\"2025-06-01T12:00:00Z\"}");
        assertThat(events.get(11).toJsonString()).isEqualTo("{\"id_recebivel\":\"9255b577-57ec-4114-9efa-a97c4a6c5f10\","
                + "\"id_cancelamento\":\"7bdd30f5-7598-444a-a7b1-943e4400ed7b\",\"valor_cancelado\":30.27,"
                + "\"data_cancelamento\":\"2025-06-24\",\"motivo\":\"SOLICITACAO_CLIENTE\","
                + "\"id_pagamento\":\"df2f3ddb-2760-43c7-8e44-621f406f233d\",\"codigo_produto\":7,"
                + "\"codigo_produto_parceiro\":5795,\"modalidade\":2,\"tipo_evento\":\"cancelado\","
                + "\"timestamp\":\"2025-06-01T12:00:00Z\"}");

        List<ReceivableExpectation> expectation = generator.expectation();
        assertThat(expectation).hasSize(7);
        assertThat(generator.historyItems()).isEqualTo(12);
        Map<String, ReceivableExpectation> byId = expectation.stream()
                .collect(Collectors.toMap(ReceivableExpectation::idRecebivel, e -> e));
        assertThat(byId.get("9255b577-57ec-4114-9efa-a97c4a6c5f10")).isEqualTo(new ReceivableExpectation(
                "9255b577-57ec-4114-9efa-a97c4a6c5f10", new BigDecimal("34.32"), 3, 2, 0, new BigDecimal("34.32"),
                new BigDecimal("0.00"), new BigDecimal("0.00"), Situacao.ESGOTADO,
                List.of("agendado#9255b577-57ec-4114-9efa-a97c4a6c5f10", "cancelado#20526ee7-17ba-4863-bf50-d0baca6beaa7",
                        "cancelado#7bdd30f5-7598-444a-a7b1-943e4400ed7b")));
        assertThat(byId.get("080b069b-5108-46b6-9ba0-a3f332f702b1")).isEqualTo(new ReceivableExpectation(
                "080b069b-5108-46b6-9ba0-a3f332f702b1", new BigDecimal("7708.58"), 3, 1, 1, new BigDecimal("792.33"),
                new BigDecimal("743.22"), new BigDecimal("6173.03"), Situacao.PARCIAL,
                List.of("agendado#080b069b-5108-46b6-9ba0-a3f332f702b1", "cancelado#099140ed-26aa-411e-8d75-d1a2d57841fb",
                        "negociado#a617570a-7512-4bb5-b22b-097979021b83")));
        assertThat(expectation.stream().collect(Collectors.groupingBy(ReceivableExpectation::situacao, Collectors.counting())))
                .isEqualTo(Map.of(Situacao.DISPONIVEL, 4L, Situacao.PARCIAL, 2L, Situacao.ESGOTADO, 1L));
    }

    @Test
    void amountsAreExactCentsWithinTheOriginalRange() {
        for (GeneratedEvent e : generate(ReceivablesOptions.defaults(20_000))) {
            assertThat(e.valor().scale()).isEqualTo(2);
            assertThat(e.valor().signum()).isPositive();
            if (e.kind() == EventType.AGENDADO) {
                assertThat(e.valor()).isBetween(new BigDecimal("10.00"), new BigDecimal("10000.00"));
            }
        }
    }

    @Test
    void followUpsNeverExceedTheOriginalWithoutOverAllocation() {
        ReceivablesOptions options = ReceivablesOptions.defaults(30_000).withCancelRate(0.8).withNegotiateRate(0.8)
                .withOutOfOrderRate(0.3).withDuplicateRate(0.2);
        List<GeneratedEvent> events = generate(options);
        Map<String, BigDecimal> original = new HashMap<>();
        Map<String, BigDecimal> allocated = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (GeneratedEvent e : events) {
            if (!seen.add(e.evento())) {
                continue;
            }
            if (e.kind() == EventType.AGENDADO) {
                original.put(e.idRecebivel(), e.valor());
            } else {
                allocated.merge(e.idRecebivel(), e.valor(), BigDecimal::add);
            }
        }
        assertThat(original.keySet()).containsAll(allocated.keySet());
        allocated.forEach((id, sum) -> assertThat(sum).isLessThanOrEqualTo(original.get(id)));

        Map<Situacao, Long> situacoes = ExpectationBuilder.of(events).stream()
                .collect(Collectors.groupingBy(ReceivableExpectation::situacao, Collectors.counting()));
        assertThat(situacoes).doesNotContainKeys(Situacao.INCONSISTENTE, Situacao.SEM_AGENDAMENTO);
        assertThat(situacoes).containsKeys(Situacao.DISPONIVEL, Situacao.PARCIAL, Situacao.ESGOTADO);
        assertThat(situacoes.get(Situacao.ESGOTADO)).isGreaterThan(100);
    }

    @Test
    void overAllocatedReceivablesExceedTheOriginal() {
        ReceivablesGenerator all = new ReceivablesGenerator(ReceivablesOptions.defaults(3_000).withOverAllocationRate(1), FIXED);
        generate(all);
        // Only the last receivable may have lost its exceeding follow-up to the count.
        assertThat(all.expectation()).filteredOn(e -> e.situacao() != Situacao.INCONSISTENTE).hasSizeLessThanOrEqualTo(1);
        assertThat(all.expectation()).filteredOn(e -> e.situacao() == Situacao.INCONSISTENTE)
                .allSatisfy(e -> assertThat(e.valorTotalCancelado().add(e.valorTotalNegociado()))
                        .isGreaterThan(e.valorOriginal()))
                .allSatisfy(e -> assertThat(e.valorDisponivel().signum()).isNegative());

        ReceivablesGenerator some = new ReceivablesGenerator(ReceivablesOptions.defaults(20_000).withOverAllocationRate(0.1), FIXED);
        generate(some);
        List<ReceivableExpectation> expectation = some.expectation();
        long inconsistent = expectation.stream().filter(e -> e.situacao() == Situacao.INCONSISTENTE).count();
        assertThat((double) inconsistent / expectation.size()).isBetween(0.08, 0.12);
    }

    @Test
    void outOfOrderRateSendsThatShareOfFollowUpsBeforeTheirSchedulingEvent() {
        assertThat(outOfOrderShare(0)).isZero();
        assertThat(outOfOrderShare(0.25)).isBetween(0.22, 0.28);
        assertThat(outOfOrderShare(1)).isEqualTo(1.0);
    }

    private static double outOfOrderShare(double rate) {
        List<GeneratedEvent> events = generate(ReceivablesOptions.defaults(20_000).withOutOfOrderRate(rate));
        Set<String> scheduled = new HashSet<>();
        Set<String> allIds = new HashSet<>();
        long followUps = 0;
        long early = 0;
        for (GeneratedEvent e : events) {
            allIds.add(e.idRecebivel());
            if (e.kind() == EventType.AGENDADO) {
                scheduled.add(e.idRecebivel());
            } else {
                followUps++;
                if (!scheduled.contains(e.idRecebivel())) {
                    early++;
                }
            }
        }
        // Every follow-up still gets its scheduling event, even those cut short by the count.
        assertThat(scheduled).isEqualTo(allIds);
        return (double) early / followUps;
    }

    @Test
    void duplicateRateResendsThatShareOfEventsIdenticallyAndLater() {
        Clock ticking = new TickingClock(NOW, Duration.ofMillis(1));
        ReceivablesGenerator generator = new ReceivablesGenerator(
                ReceivablesOptions.defaults(20_000).withDuplicateRate(0.2).withOutOfOrderRate(0.1), ticking);
        List<GeneratedEvent> events = generate(generator);
        Map<String, GeneratedEvent> first = new HashMap<>();
        int duplicates = 0;
        for (GeneratedEvent e : events) {
            GeneratedEvent original = first.putIfAbsent(e.evento(), e);
            if (original != null) {
                duplicates++;
                assertThat(e).isEqualTo(original);
                assertThat(e.toJson()).isEqualTo(original.toJson());
            }
        }
        assertThat((double) duplicates / first.size()).isBetween(0.17, 0.23);
        assertThat(generator.historyItems()).isEqualTo(first.size());
        assertThat(generator.expectation().stream().mapToInt(ReceivableExpectation::quantidadeEventos).sum())
                .isEqualTo(first.size());
        // Wall-clock timestamps: originals get the time they were handed out.
        assertThat(events.get(0).timestamp()).isEqualTo(NOW);
        assertThat(events.get(1).timestamp()).isEqualTo(NOW.plusMillis(1));
    }

    @Test
    void orderOptionsReorderTheSameReceivables() {
        List<GeneratedEvent> plain = generate(ReceivablesOptions.defaults(10_000));
        List<GeneratedEvent> shuffled = generate(ReceivablesOptions.defaults(10_000).withOutOfOrderRate(0.5)
                .withDuplicateRate(0.3));
        Set<String> firstIds = new LinkedHashSet<>();
        plain.stream().filter(e -> e.kind() == EventType.AGENDADO).limit(1_000).forEach(e -> firstIds.add(e.idRecebivel()));
        Set<String> plainEvents = plain.stream().filter(e -> firstIds.contains(e.idRecebivel()))
                .map(GeneratedEvent::toJsonString).collect(Collectors.toSet());
        Set<String> shuffledEvents = shuffled.stream().filter(e -> firstIds.contains(e.idRecebivel()))
                .map(GeneratedEvent::toJsonString).collect(Collectors.toSet());
        assertThat(shuffledEvents).isEqualTo(plainEvents);
        assertThat(shuffled).isNotEqualTo(plain);
    }

    @Test
    void unboundedRunGoesOnWithoutKeepingTheExpectation() {
        ReceivablesGenerator generator = new ReceivablesGenerator(ReceivablesOptions.continuous().withDuplicateRate(0.1)
                .withOutOfOrderRate(0.1), FIXED);
        for (int i = 0; i < 100_000; i++) {
            assertThat(generator.hasNext()).isTrue();
            generator.next();
        }
        assertThat(generator.emitted()).isEqualTo(100_000);
        assertThatThrownBy(generator::expectation).isInstanceOf(IllegalStateException.class)
                .hasMessage("This generator does not keep the expectation (unbounded run)");
        assertThatThrownBy(() -> new ReceivablesGenerator(ReceivablesOptions.continuous(), FIXED, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot keep the expectation of an unbounded run");
    }

    @Test
    void topicsComeFromTheConfiguration() {
        var settings = ReceivablesSettings.of(io.fluxo.pipeline.PipelineRegistry.defaultConfig());
        assertThat(settings.topic(EventType.AGENDADO)).isEqualTo("recebiveis-agendados");
        assertThat(settings.topic(EventType.CANCELADO)).isEqualTo("recebiveis-cancelados");
        assertThat(settings.topic(EventType.NEGOCIADO)).isEqualTo("recebiveis-negociados");
    }

    /** A clock that moves forward by a step each time it is read. */
    private static final class TickingClock extends Clock {
        private Instant next;
        private final Duration step;

        TickingClock(Instant start, Duration step) {
            this.next = start;
            this.step = step;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant now = next;
            next = next.plus(step);
            return now;
        }
    }
}
