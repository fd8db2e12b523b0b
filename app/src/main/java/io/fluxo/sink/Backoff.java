package io.fluxo.sink;

import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import java.time.Duration;

/** The retry policy every sink uses for transient failures: exponential backoff with jitter, bounded attempts. */
public final class Backoff {
    private Backoff() {
    }

    public static <R> RetryPolicyBuilder<R> policy(int maxAttempts) {
        return RetryPolicy.<R>builder()
                .withMaxAttempts(maxAttempts)
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
                .withJitter(0.25);
    }
}
