package io.fluxo.dlq;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a replay sends, decided from the dead letters, the filter and the letters already replayed (their
 * {@link StoredLetter#replayId()}s): each selected letter once, in the order of its source topic, partition and
 * offset; the rest counted by why it is skipped.
 *
 * @param unreadable records of the DLQ topic that are no dead letter (their DLQ coordinates)
 */
public record ReplayPlan(List<StoredLetter> toSend, int alreadyReplayed, List<StoredLetter> truncated,
        List<StoredLetter> withoutValue, List<String> unreadable, List<StoredLetter> sinkRefused) {
    /** The reason of a record a sink refused: its raw value is what the pipeline built, not the record received. */
    static final String SINK_REJECTED = "SINK_REJECTED";

    public ReplayPlan(List<StoredLetter> toSend, int alreadyReplayed, List<StoredLetter> truncated,
            List<StoredLetter> withoutValue, List<String> unreadable) {
        this(toSend, alreadyReplayed, truncated, withoutValue, unreadable, List.of());
    }

    /** How many source ids a dry run or a skip line shows. */
    static final int FIRST_FEW = 5;

    public ReplayPlan {
        toSend = List.copyOf(toSend);
        truncated = List.copyOf(truncated);
        withoutValue = List.copyOf(withoutValue);
        unreadable = List.copyOf(unreadable);
        sinkRefused = List.copyOf(sinkRefused);
    }

    public static ReplayPlan of(List<StoredLetter> letters, List<String> unreadable, ReplayFilter filter,
            Set<String> replayed) {
        requireNonNull(filter, "filter");
        Set<String> seen = new HashSet<>(replayed);
        List<StoredLetter> send = new ArrayList<>();
        List<StoredLetter> truncated = new ArrayList<>();
        List<StoredLetter> withoutValue = new ArrayList<>();
        List<StoredLetter> sinkRefused = new ArrayList<>();
        int already = 0;
        List<StoredLetter> sorted = new ArrayList<>(letters);
        sorted.sort(Comparator.comparing(StoredLetter::topic).thenComparingInt(StoredLetter::partition)
                .thenComparingLong(StoredLetter::offset));
        for (StoredLetter letter : sorted) {
            if (!filter.matches(letter)) {
                continue;
            }
            if (SINK_REJECTED.equals(letter.reason())) {
                sinkRefused.add(letter);
            } else if (letter.value() == null) {
                withoutValue.add(letter);
            } else if (letter.keyTruncated() || letter.valueTruncated()) {
                truncated.add(letter);
            } else if (!seen.add(letter.replayId())) {
                already++;
            } else {
                send.add(letter);
            }
        }
        return new ReplayPlan(send, already, truncated, withoutValue, unreadable, sinkRefused);
    }

    public int skipped() {
        return alreadyReplayed + truncated.size() + withoutValue.size() + unreadable.size() + sinkRefused.size();
    }

    /** Letters to send per reason, in name order. */
    public Map<String, Long> perReason() {
        return toSend.stream().collect(Collectors.groupingBy(StoredLetter::reason, TreeMap::new, Collectors.counting()));
    }

    /** Letters to send per target (source) topic, in name order. */
    public Map<String, Long> perTopic() {
        return toSend.stream().collect(Collectors.groupingBy(StoredLetter::topic, TreeMap::new, Collectors.counting()));
    }

    /** One line per kind of letter that cannot be replayed, saying why. */
    public List<String> skipLines() {
        List<String> lines = new ArrayList<>();
        if (!truncated.isEmpty()) {
            lines.add("cannot replay " + letters(truncated.size()) + ": the raw value or key was cut to"
                    + " fluxo.dlq.max-raw-bytes when dead-lettered, so the record as received is gone ("
                    + firstFew(truncated) + ")");
        }
        if (!withoutValue.isEmpty()) {
            lines.add("cannot replay " + letters(withoutValue.size()) + ": the record had no value ("
                    + firstFew(withoutValue) + ")");
        }
        if (!sinkRefused.isEmpty()) {
            lines.add("cannot replay " + letters(sinkRefused.size()) + ": a sink refused them (SINK_REJECTED), their raw"
                    + " value is what the pipeline wrote, not the record it read; fix the sink or the value and write"
                    + " them from the letter (" + firstFew(sinkRefused) + ")");
        }
        if (!unreadable.isEmpty()) {
            lines.add("cannot replay " + unreadable.size() + " record" + (unreadable.size() == 1 ? "" : "s")
                    + " of the DLQ topic: not a dead letter (" + String.join(", ", unreadable.subList(0,
                    Math.min(FIRST_FEW, unreadable.size()))) + ")");
        }
        return lines;
    }

    /** What a dry run prints before the summary: per reason, per topic, the first source ids. */
    public List<String> dryRunLines() {
        List<String> lines = new ArrayList<>();
        perReason().forEach((reason, n) -> lines.add("  reason " + reason + ": " + n));
        perTopic().forEach((topic, n) -> lines.add("  to topic " + topic + ": " + n));
        if (!toSend.isEmpty()) {
            lines.add("  first: " + firstFew(toSend));
        }
        return lines;
    }

    /** "replayed N dead letters of p (reasons A 2, B 1) to t 3; skipped M (already replayed K, truncated T, ...)". */
    public String summary(String pipeline, boolean dryRun) {
        StringBuilder s = new StringBuilder(dryRun ? "would replay " : "replayed ").append(letters(toSend.size()))
                .append(" of ").append(pipeline);
        if (!toSend.isEmpty()) {
            s.append(" (reasons ").append(counts(perReason())).append(") to ").append(counts(perTopic()));
        }
        s.append("; skipped ").append(skipped()).append(" (already replayed ").append(alreadyReplayed)
                .append(", truncated ").append(truncated.size()).append(", no value ").append(withoutValue.size());
        if (!unreadable.isEmpty()) {
            s.append(", unreadable ").append(unreadable.size());
        }
        if (!sinkRefused.isEmpty()) {
            s.append(", sink refused ").append(sinkRefused.size());
        }
        return s.append(')').toString();
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String letters(int n) {
        return n + " dead letter" + (n == 1 ? "" : "s");
    }

    private static String firstFew(List<StoredLetter> letters) {
        String ids = letters.stream().limit(FIRST_FEW).map(StoredLetter::sourceId).collect(Collectors.joining(", "));
        return letters.size() > FIRST_FEW ? ids + ", ..." : ids;
    }
}
