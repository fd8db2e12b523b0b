package io.fluxo.pipeline.commerce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Revenue anomalies on the test stack, read ten records per batch so that the watermark closes the 1-minute
 * windows a few at a time: one alert for a spike after ten steady minutes, none for a flat series, none before the
 * history is long enough.
 */
class CommerceAnomalyIT {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    private static String purchase(String id, String user, String product, String amount, int second) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"" + user + "\",\"product_id\":\"" + product
                + "\",\"event_type\":\"purchase\",\"amount\":" + amount + ",\"timestamp\":\"" + T0.plusSeconds(second)
                + "\"}";
    }

    @Test
    void aSpikeAfterTenSteadyMinutesIsOneAlertAndAFlatSeriesNone() {
        CommerceFixture f = new CommerceFixture("commerce-anomaly", Map.of("FLUXO_COMMERCE_MAX__OFFSETS__PER__TRIGGER", "10",
                // One partition: the watermark follows one ordered stream (with two, one partition can run ahead).
                "FLUXO_COMMERCE_PARTITIONS", "1"));
        String topic = f.settings().topic();
        // p00010: 10.00 and 12.00 by turns in minutes 0..9 (mean 11.00, population deviation 1.00), then 100.00 in
        // minute 10: z = (100 - 11) / 1 = 89, risk min(1, 89 / 6) = 1. Minute 11 (11.00) has a history of eleven
        // windows, the spike among them: mean 19.0909..., deviation 25.6..., z -0.31: no alert.
        // p00011: 10.00 in every minute 0..11: deviation 0, never an alert.
        for (int minute = 0; minute <= 11; minute++) {
            String spiky = minute == 10 ? "100.00" : minute == 11 ? "11.00" : minute % 2 == 0 ? "10.00" : "12.00";
            f.send(topic, "c000010", purchase("s" + minute, "c000010", "p00010", spiky, minute * 60 + 30));
            f.send(topic, "c000011", purchase("f" + minute, "c000011", "p00011", "10.00", minute * 60 + 30));
        }
        // Moves the watermark to 12:19:50: every window up to 12:19 is closed.
        f.send(topic, "c000012", purchase("w", "c000012", "p00012", "1.00", 20 * 60));
        f.drain();

        assertThat(f.count("select count(distinct batch_id) from commerce_watermarks")).isGreaterThanOrEqualTo(3);
        assertThat(f.query("select key, risk_score::text || '|' || (details->>'revenue') || '|' || (details->>'mean')"
                + " || '|' || (details->>'stddev') || '|' || (details->>'z') || '|' || (details->>'windows')"
                + " from commerce_alerts where kind = 'REVENUE_ANOMALY'"))
                .isEqualTo(Map.of("p00010@2026-03-02T12:10:00Z", "1.0000|100.00|11.0000|1.0000|89.0000|10"));
        assertThat(f.count("select count(*) from commerce_product_windows where kind = 'tumbling_1m'")).isEqualTo(25);

        // A second run on the same checkpoint, with nothing new in Kafka, adds nothing.
        f.drain();
        assertThat(f.count("select count(*) from commerce_alerts")).isEqualTo(1);
    }
}
