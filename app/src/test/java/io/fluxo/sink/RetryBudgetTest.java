package io.fluxo.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
    private static boolean connectionLost(Throwable e) {
        return Transient.isConnectionOrTimeout(e);
    }

    @Test
    void aTransientFailureIsRetriedUntilTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        String result = new RetryBudget(5, Duration.ofMinutes(1)).call(RetryBudgetTest::connectionLost, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new ConnectException("Connection refused");
            }
            return "written";
        });

        assertThat(result).isEqualTo("written");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aFailureThatIsNotTransientIsThrownAtOnceAsItIs() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug");

        assertThatThrownBy(() -> new RetryBudget(5, Duration.ofMinutes(1)).call(RetryBudgetTest::connectionLost, () -> {
            calls.incrementAndGet();
            throw bug;
        })).isSameAs(bug);
        assertThat(calls).hasValue(1);
    }

    @Test
    void attemptsRunOutFirst() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> new RetryBudget(3, Duration.ofMinutes(1)).call(RetryBudgetTest::connectionLost, () -> {
            calls.incrementAndGet();
            throw new ConnectException("Connection refused");
        })).isInstanceOfSatisfying(RetryBudget.Exhausted.class, e -> {
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e).hasMessage("Connection refused").hasCauseInstanceOf(ConnectException.class);
            // 100 ms + 200 ms of backoff, each with at most 25 % jitter
            assertThat(e.elapsed()).isBetween(Duration.ofMillis(220), Duration.ofSeconds(5));
            assertThat(e.summary()).isEqualTo("after 3 attempts in " + e.elapsed().toSeconds() + " s");
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void timeRunsOutFirst() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> new RetryBudget(1_000, Duration.ofMillis(400)).call(RetryBudgetTest::connectionLost, () -> {
            calls.incrementAndGet();
            throw new ConnectException("Connection refused");
        })).isInstanceOfSatisfying(RetryBudget.Exhausted.class, e -> {
            // Time ran out, not attempts (the last waits are cut to what is left of the budget, so a few come fast).
            assertThat(e.attempts()).isEqualTo(calls.get()).isBetween(3, 100);
            assertThat(e.elapsed()).isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
        });
    }

    @Test
    void oneAttemptAndNoTimeMeansNoRetry() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> new RetryBudget(1, Duration.ZERO).call(RetryBudgetTest::connectionLost, () -> {
            calls.incrementAndGet();
            throw new ConnectException("Connection refused");
        })).isInstanceOfSatisfying(RetryBudget.Exhausted.class, e -> assertThat(e.summary()).isEqualTo("after 1 attempt in 0 s"));
        assertThat(calls).hasValue(1);
    }

    @Test
    void anInnerBudgetSpentOrASinksFinalWordIsNeverRetriedByAnOuterOne() {
        RetryBudget inner = new RetryBudget(2, Duration.ofMinutes(1));
        RetryBudget outer = new RetryBudget(5, Duration.ofMinutes(1));
        AtomicInteger outerCalls = new AtomicInteger();

        assertThatThrownBy(() -> outer.call(RetryBudgetTest::connectionLost, () -> {
            outerCalls.incrementAndGet();
            return inner.call(RetryBudgetTest::connectionLost, () -> {
                throw new ConnectException("Connection refused");
            });
        })).isInstanceOfSatisfying(RetryBudget.Exhausted.class, e -> assertThat(e.attempts()).isEqualTo(2));
        assertThat(outerCalls).hasValue(1);

        AtomicInteger calls = new AtomicInteger();
        SinkException stop = new SinkException("Cannot write: Connection refused after 2 attempts",
                new ConnectException("Connection refused"));
        assertThatThrownBy(() -> outer.call(RetryBudgetTest::connectionLost, () -> {
            calls.incrementAndGet();
            throw stop;
        })).isSameAs(stop);
        assertThat(calls).hasValue(1);
    }

    @Test
    void anImpossibleBudgetIsRefused() {
        assertThatThrownBy(() -> new RetryBudget(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBudget(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
