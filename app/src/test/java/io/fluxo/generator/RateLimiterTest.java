package io.fluxo.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    /** A clock that only moves when the limiter sleeps, or when the test says so. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();

    private RateLimiter limiter(double rate) {
        return new RateLimiter(rate, now::get, nanos -> {
            slept.addAndGet(nanos);
            now.addAndGet(nanos);
        });
    }

    @Test
    void spacesEventsToTheRate() throws InterruptedException {
        RateLimiter limiter = limiter(100);
        for (int i = 0; i < 1_001; i++) {
            limiter.acquire();
        }
        // 1,001 events at 100/s: the first at once, the last 10 s later.
        assertThat(slept.get()).isBetween(9_990_000_000L, 10_000_000_000L);
    }

    @Test
    void keepsTheAverageWhenSlotsAreShorterThanASleep() throws InterruptedException {
        RateLimiter limiter = limiter(50_000);
        for (int i = 0; i < 50_001; i++) {
            limiter.acquire();
        }
        assertThat(now.get() - 1_000_000_000L).isBetween(990_000_000L, 1_000_000_000L);
    }

    @Test
    void catchesUpAtMostOneSecondAfterAStall() throws InterruptedException {
        RateLimiter limiter = limiter(10);
        limiter.acquire();
        now.addAndGet(60_000_000_000L);
        long before = slept.get();
        for (int i = 0; i < 11; i++) {
            limiter.acquire();
        }
        assertThat(slept.get() - before).isZero();
        limiter.acquire();
        assertThat(slept.get() - before).isPositive();
    }

    @Test
    void zeroIsUnlimited() throws InterruptedException {
        RateLimiter limiter = limiter(0);
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire();
        }
        assertThat(limiter.unlimited()).isTrue();
        assertThat(slept.get()).isZero();
    }

    @Test
    void parsesRateFlags() {
        assertThat(RateLimiter.parse("--rate", "500")).isEqualTo(500.0);
        assertThat(RateLimiter.parse("--rate", "500/s")).isEqualTo(500.0);
        assertThat(RateLimiter.parse("--rate", " 2.5 /S")).isEqualTo(2.5);
        assertThat(RateLimiter.parse("--rate", "0")).isZero();
        for (String bad : new String[] {"", "-1", "fast", "1e3", "NaN", "Infinity", "500d", "/s"}) {
            assertThatThrownBy(() -> RateLimiter.parse("--rate", bad)).isInstanceOf(UserException.class)
                    .hasMessage("Invalid --rate: " + bad + " (events per second, e.g. 500 or 500/s; 0 = as fast as possible)");
        }
    }
}
