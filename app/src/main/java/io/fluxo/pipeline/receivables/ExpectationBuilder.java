package io.fluxo.pipeline.receivables;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Folds sent events into what the sinks must hold, by the rules of DESIGN §1.1: the same event twice
 * counts once, order does not matter. Written independently of the pipeline on purpose: the check is
 * worth something only if it does not share the pipeline's code.
 */
public final class ExpectationBuilder {
    private static final class Receivable {
        BigDecimal original;
        BigDecimal cancelled = BigDecimal.ZERO.setScale(2);
        BigDecimal negotiated = BigDecimal.ZERO.setScale(2);
        int cancellations;
        int negotiations;
        final Set<String> eventos = new LinkedHashSet<>(4);
    }

    private final Map<String, Receivable> receivables = new LinkedHashMap<>();
    private long historyItems;

    /** Adds one sent event; a duplicate of an event already added changes nothing. */
    public void add(GeneratedEvent event) {
        requireNonNull(event, "event");
        Receivable r = receivables.computeIfAbsent(event.idRecebivel(), id -> new Receivable());
        if (!r.eventos.add(event.evento())) {
            return;
        }
        historyItems++;
        switch (event.kind()) {
            case AGENDADO -> r.original = event.valor();
            case CANCELADO -> {
                r.cancelled = r.cancelled.add(event.valor());
                r.cancellations++;
            }
            case NEGOCIADO -> {
                r.negotiated = r.negotiated.add(event.valor());
                r.negotiations++;
            }
        }
    }

    public int receivables() {
        return receivables.size();
    }

    /** Distinct events, which is the number of DynamoDB history items. */
    public long historyItems() {
        return historyItems;
    }

    /** One expectation per receivable, in the order the receivables were first seen. */
    public List<ReceivableExpectation> build() {
        List<ReceivableExpectation> result = new ArrayList<>(receivables.size());
        receivables.forEach((id, r) -> {
            BigDecimal disponivel = r.original == null ? null : r.original.subtract(r.cancelled).subtract(r.negotiated);
            Situacao situacao = Situacao.of(r.original, disponivel);
            result.add(new ReceivableExpectation(id, r.original, r.eventos.size(), r.cancellations, r.negotiations,
                    r.cancelled, r.negotiated, disponivel, situacao, new ArrayList<>(r.eventos)));
        });
        return result;
    }

    /** The expectation of a given sequence of events. */
    public static List<ReceivableExpectation> of(Iterable<GeneratedEvent> events) {
        ExpectationBuilder builder = new ExpectationBuilder();
        events.forEach(builder::add);
        return builder.build();
    }
}
