package io.fluxo.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The at-most-once bookkeeping: what is sent, what is skipped and why, and what is printed. */
class ReplayPlanTest {
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    private static StoredLetter letter(String reason, String topic, long offset, String sha, byte[] value,
            boolean truncated) {
        return new StoredLetter(reason, topic, 0, offset, null, value, sha, false, truncated, AT);
    }

    private static StoredLetter ok(String reason, String topic, long offset) {
        return letter(reason, topic, offset, "h" + offset, new byte[] {'v'}, false);
    }

    @Test
    void eachLetterIsSentOnceInSourceOrderAndWhatWasReplayedIsSkipped() {
        List<StoredLetter> letters = List.of(ok("INVALID_AMOUNT", "ag", 7), ok("NOT_JSON", "ag", 3),
                ok("INVALID_AMOUNT", "ca", 1), ok("INVALID_AMOUNT", "ag", 5),
                ok("INVALID_AMOUNT", "ag", 7)); // the same letter twice in the DLQ
        ReplayPlan plan = ReplayPlan.of(letters, List.of(), ReplayFilter.ALL, Set.of("ag/0/5#h5"));
        assertThat(plan.toSend()).extracting(StoredLetter::sourceId).containsExactly("ag/0/3", "ag/0/7", "ca/0/1");
        assertThat(plan.alreadyReplayed()).isEqualTo(2);
        assertThat(plan.skipped()).isEqualTo(2);
        assertThat(plan.perReason()).isEqualTo(Map.of("INVALID_AMOUNT", 2L, "NOT_JSON", 1L));
        assertThat(plan.perTopic()).isEqualTo(Map.of("ag", 2L, "ca", 1L));
        assertThat(plan.summary("receivables", false)).isEqualTo("replayed 3 dead letters of receivables"
                + " (reasons INVALID_AMOUNT 2, NOT_JSON 1) to ag 2, ca 1; skipped 2 (already replayed 2, truncated 0,"
                + " no value 0)");
    }

    @Test
    void theSameSourceIdWithAnotherValueIsAnotherLetter() {
        ReplayPlan plan = ReplayPlan.of(List.of(letter("X", "ag", 5, "other", new byte[] {'w'}, false)), List.of(),
                ReplayFilter.ALL, Set.of("ag/0/5#h5"));
        assertThat(plan.toSend()).hasSize(1);
        assertThat(plan.alreadyReplayed()).isZero();
    }

    @Test
    void aCutOrMissingValueIsSkippedWithOneLineSayingWhy() {
        List<StoredLetter> letters = List.of(ok("INVALID_AMOUNT", "ag", 1),
                letter("PAYLOAD_TOO_LARGE", "ag", 2, "h2", new byte[] {'x'}, true),
                letter("EMPTY_PAYLOAD", "ag", 3, null, null, false));
        ReplayPlan plan = ReplayPlan.of(letters, List.of("dlq/0/9"), ReplayFilter.ALL, Set.of());
        assertThat(plan.toSend()).extracting(StoredLetter::sourceId).containsExactly("ag/0/1");
        assertThat(plan.skipLines()).containsExactly(
                "cannot replay 1 dead letter: the raw value or key was cut to fluxo.dlq.max-raw-bytes when"
                        + " dead-lettered, so the record as received is gone (ag/0/2)",
                "cannot replay 1 dead letter: the record had no value (ag/0/3)",
                "cannot replay 1 record of the DLQ topic: not a dead letter (dlq/0/9)");
        assertThat(plan.summary("receivables", false)).isEqualTo("replayed 1 dead letter of receivables"
                + " (reasons INVALID_AMOUNT 1) to ag 1; skipped 3 (already replayed 0, truncated 1, no value 1,"
                + " unreadable 1)");
    }

    @Test
    void aLetterASinkRefusedIsNeverReplayedItsValueIsWhatThePipelineWrote() {
        List<StoredLetter> letters = List.of(ok("SINK_REJECTED", "opensearch:ciclo", 7), ok("NOT_JSON", "ag", 8));
        ReplayPlan plan = ReplayPlan.of(letters, List.of(), ReplayFilter.ALL, Set.of());
        assertThat(plan.toSend()).extracting(StoredLetter::sourceId).containsExactly("ag/0/8");
        assertThat(plan.skipLines()).containsExactly("cannot replay 1 dead letter: a sink refused them (SINK_REJECTED),"
                + " their raw value is what the pipeline wrote, not the record it read; fix the sink or the value and"
                + " write them from the letter (opensearch:ciclo/0/7)");
        assertThat(plan.summary("receivables", true)).isEqualTo("would replay 1 dead letter of receivables"
                + " (reasons NOT_JSON 1) to ag 1; skipped 1 (already replayed 0, truncated 0, no value 0, sink refused 1)");
    }

    @Test
    void theFilterChoosesBeforeAnythingIsCountedAsSkipped() {
        List<StoredLetter> letters = List.of(ok("INVALID_AMOUNT", "ag", 1),
                letter("PAYLOAD_TOO_LARGE", "ag", 2, "h2", new byte[] {'x'}, true), ok("NOT_JSON", "ag", 3));
        ReplayPlan plan = ReplayPlan.of(letters, List.of(), new ReplayFilter(Set.of("INVALID_AMOUNT"), null),
                Set.of("ag/0/1#h1"));
        assertThat(plan.toSend()).isEmpty();
        assertThat(plan.summary("receivables", false))
                .isEqualTo("replayed 0 dead letters of receivables; skipped 1 (already replayed 1, truncated 0, no value 0)");
    }

    @Test
    void aDryRunShowsCountsPerReasonAndTopicAndTheFirstFewIds() {
        List<StoredLetter> letters = List.of(ok("A", "t1", 1), ok("A", "t1", 2), ok("A", "t1", 3), ok("B", "t2", 4),
                ok("B", "t2", 5), ok("B", "t2", 6));
        ReplayPlan plan = ReplayPlan.of(letters, List.of(), ReplayFilter.ALL, Set.of());
        assertThat(plan.dryRunLines()).containsExactly("  reason A: 3", "  reason B: 3", "  to topic t1: 3",
                "  to topic t2: 3", "  first: t1/0/1, t1/0/2, t1/0/3, t2/0/4, t2/0/5, ...");
        assertThat(plan.summary("p", true)).isEqualTo("would replay 6 dead letters of p (reasons A 3, B 3) to t1 3,"
                + " t2 3; skipped 0 (already replayed 0, truncated 0, no value 0)");
    }
}
