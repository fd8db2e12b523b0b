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
import java.util.HashSet;
import java.util.Set;
import io.fluxo.config.UserException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the medallion must hold after it has taken everything one {@code fluxo produce transactions --expect FILE}
 * run sent, computed here in plain Java from the file alone: bronze every record, silver every transaction once as
 * sent, the quarantine the invalid records by reason, gold per event-time minute × region × modality the count,
 * total, half-even mean to the cent, maximum and minimum of the amounts. A transaction behind gold's watermark is in
 * gold/late instead of its minute: which ones depends on how the records were cut into batches, so gold is compared
 * without those ({@link #goldWithout}).
 */
record MedallionExpectation(long bronzeRecords, List<TransactionSent> transactions, Map<RejectReason, Long> quarantine,
        long duplicates) {

    MedallionExpectation {
        transactions = List.copyOf(transactions);
        quarantine = Collections.unmodifiableMap(new TreeMap<>(quarantine));
        Set<String> ids = new HashSet<>();
        for (TransactionSent t : transactions) {
            if (!ids.add(t.idTransacao())) {
                throw new UserException("Invalid expectation: transaction " + t.idTransacao() + " twice as a distinct"
                        + " one (write it again with " + SentFile.HOW_TO_WRITE + ")");
            }
        }
    }

    static MedallionExpectation of(SentFile.Contents contents) {
        requireNonNull(contents, "contents");
        SentRecords sent = contents.sent();
        return new MedallionExpectation(sent.records(), contents.transactions(), sent.invalid(), sent.duplicates());
    }

    /** id → silver row as compared ({@link #silverRow}). */
    Map<String, String> silver() {
        Map<String, String> silver = new TreeMap<>();
        for (TransactionSent t : transactions) {
            silver.put(t.idTransacao(), silverRow(t.idRegiao(), t.modalidadePagamento(), t.dataHorario(),
                    t.valorTransacao()));
        }
        return silver;
    }

    /** Gold key → figures ({@link #goldKey}, {@link #goldFigures}) of every transaction. */
    Map<String, String> gold() {
        return goldWithout(Set.of());
    }

    /** Gold of every transaction but these (the ones gold/late holds, which are in no minute). */
    Map<String, String> goldWithout(Set<String> ids) {
        Map<String, List<BigDecimal>> amounts = new TreeMap<>();
        for (TransactionSent t : transactions) {
            if (!ids.contains(t.idTransacao())) {
                amounts.computeIfAbsent(goldKey(Math.floorDiv(t.dataHorario(), 60_000L) * 60_000L, t.idRegiao(),
                        t.modalidadePagamento()), k -> new ArrayList<>()).add(t.valorTransacao());
            }
        }
        Map<String, String> gold = new TreeMap<>();
        amounts.forEach((key, values) -> {
            BigDecimal total = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            gold.put(key, goldFigures(values.size(), total,
                    total.divide(BigDecimal.valueOf(values.size()), 2, RoundingMode.HALF_EVEN),
                    values.stream().max(BigDecimal::compareTo).orElseThrow(),
                    values.stream().min(BigDecimal::compareTo).orElseThrow()));
        });
        return gold;
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
