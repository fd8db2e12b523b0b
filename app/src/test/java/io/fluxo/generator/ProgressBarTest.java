package io.fluxo.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersABoundedRunWithPercentageRateAndEta() {
        Progress half = new Progress(5_000, 10_000, Duration.ofSeconds(5), false);
        assertThat(ProgressBar.render(half, "events"))
                .isEqualTo("[###############---------------]  50%  5,000/10,000 events  1,000 events/s  ETA 0:05");
        Progress done = new Progress(10_000, 10_000, Duration.ofMillis(9_500), true);
        assertThat(ProgressBar.render(done, "events"))
                .isEqualTo("[##############################] 100%  10,000/10,000 events  1,053 events/s  elapsed 0:10");
    }

    @Test
    void rendersAnUnboundedRunWithElapsedTime() {
        Progress p = new Progress(720_000, 0, Duration.ofMinutes(62), false);
        assertThat(ProgressBar.render(p, "events")).isEqualTo("720,000 events  194 events/s  elapsed 1:02:00");
    }

    @Test
    void etaIsUnknownBeforeTheFirstEvent() {
        Progress p = new Progress(0, 100, Duration.ofMillis(100), false);
        assertThat(p.eta()).isEmpty();
        assertThat(ProgressBar.render(p, "events")).endsWith("ETA ?");
        // Nor in the first second, while the first send waits for the topics' metadata.
        assertThat(ProgressBar.render(new Progress(1, 100, Duration.ofMillis(900), false), "events")).endsWith("ETA ?");
    }

    @Test
    void onAConsoleRedrawsOneLineInPlace() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, "events");
        bar.onProgress(new Progress(10, 0, Duration.ofMillis(100), false));
        bar.onProgress(new Progress(20, 0, Duration.ofMillis(200), false));
        bar.onProgress(new Progress(2_000, 0, Duration.ofMillis(300), false));
        bar.onProgress(new Progress(3_000, 0, Duration.ofMillis(350), true));
        assertThat(text.toString()).isEqualTo("\r10 events  100 events/s  elapsed 0:01"
                + "\r2,000 events  6,667 events/s  elapsed 0:01"
                + "\r3,000 events  8,571 events/s  elapsed 0:01\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void withoutAConsolePrintsAPlainLineEveryFewSeconds() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, "events");
        for (int second = 0; second <= 12; second++) {
            bar.onProgress(new Progress(second * 100L, 1_200, Duration.ofSeconds(second), second == 12));
        }
        assertThat(text.toString().split(System.lineSeparator())).containsExactly(
                "[############------------------]  41%  500/1,200 events  100 events/s  ETA 0:07",
                "[#########################-----]  83%  1,000/1,200 events  100 events/s  ETA 0:02");
    }
}
