package io.fluxo.pipeline.medallion;

import static java.util.Objects.requireNonNull;

import io.fluxo.banking.RejectReason;
import io.fluxo.banking.SentFile;
import io.fluxo.banking.SentRecords;
import io.fluxo.banking.TransactionSent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the medallion must hold after it has taken everything one {@code fluxo produce transactions --expect FILE}
 * run sent, computed here in plain Java from the file alone: bronze every record, silver every transaction once as
 * sent, the quarantine the invalid records by reason, gold per event-time minute × region × modality the count,
 * total, half-even mean to the cent, maximum and minimum of the amounts, and gold/late nothing (the generator's
 * event times only move forward, and a redelivery repeats its original's time).
 */
record MedallionExpectation(long bronzeRecords, Map<String, String> silver, Map<RejectReason, Long> quarantine,
        long duplicates, Map<String, String> gold) {

    MedallionExpectation {
        silver = Collections.unmodifiableMap(new TreeMap<>(silver));
        quarantine = Collections.unmodifiableMap(new TreeMap<>(quarantine));
        gold = Collections.unmodifiableMap(new TreeMap<>(gold));
    }

    static MedallionExpectation of(SentFile.Contents contents) {
        requireNonNull(contents, "contents");
        Map<String, String> silver = new TreeMap<>();
        Map<String, List<BigDecimal>> amounts = new TreeMap<>();
        for (TransactionSent t : contents.transactions()) {
            if (silver.put(t.idTransacao(), silverRow(t.idRegiao(), t.modalidadePagamento(), t.dataHorario(),
                    t.valorTransacao())) != null) {
                throw new io.fluxo.config.UserException("Invalid expectation: transaction " + t.idTransacao() + " twice"
                        + " as a distinct one (write it again with " + SentFile.HOW_TO_WRITE + ")");
            }
            amounts.computeIfAbsent(goldKey(Math.floorDiv(t.dataHorario(), 60_000L) * 60_000L, t.idRegiao(),
                    t.modalidadePagamento()), k -> new ArrayList<>()).add(t.valorTransacao());
        }
        Map<String, String> gold = new TreeMap<>();
        amounts.forEach((key, values) -> {
            BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            gold.put(key, goldFigures(values.size(), total,
                    total.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_EVEN),
                    values.stream().max(BigDecimal::compareTo).orElseThrow(),
                    values.stream().min(BigDecimal::compareTo).orElseThrow()));
        });
        SentRecords sent = contents.sent();
        return new MedallionExpectation(sent.records(), silver, sent.invalid(), sent.duplicates(), gold);
    }

    long quarantined() {
        return quarantine.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A silver row as compared: "region modality epochMillis amount". */
    static String silverRow(String region, String modality, long epochMillis, BigDecimal amount) {
        return region + " " + modality + " " + epochMillis + " " + amount.setScale(2).toPlainString();
    }

    /** A gold row's key as compared: "minuteEpochMillis region modality". */
    static String goldKey(long minuteMillis, String region, String modality) {
        return minuteMillis + " " + region + " " + modality;
    }

    /** A gold row's figures as compared: "quantidade total medio maximo minimo". */
    static String goldFigures(long count, BigDecimal total, BigDecimal mean, BigDecimal max, BigDecimal min) {
        return count + " " + total.toPlainString() + " " + mean.toPlainString() + " " + max.toPlainString() + " "
                + min.toPlainString();
    }
}
