package io.fluxo.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fluxo.config.UserException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a streaming query's offset log ({@code <checkpoint>/offsets/<batch>}) says about one batch. Spark writes the
 * file before the batch runs and reads it again when it replays the batch, so a value taken from it is the same on
 * every attempt of the batch, also where the batch has no rows at all (a batch run only to move the watermark).
 */
public final class OffsetLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OffsetLog() {
    }

    /** The event-time watermark in force for the batch (ms since the epoch; 0 before the first event). */
    public static long batchWatermarkMs(Configuration hadoop, String checkpoint, long batchId) {
        return batchWatermarkMs(read(hadoop, checkpoint + "/offsets/" + batchId));
    }

    /** From the file's text: a version line, then the batch's metadata as JSON, then one line per source. */
    static long batchWatermarkMs(String offsetLog) {
        String[] lines = offsetLog.split("\n", 3);
        if (lines.length < 2 || !lines[0].startsWith("v")) {
            throw new IllegalStateException("Not a Spark offset log: " + firstLine(offsetLog));
        }
        try {
            JsonNode metadata = JSON.readTree(lines[1]);
            JsonNode watermark = metadata.get("batchWatermarkMs");
            if (watermark == null || !watermark.canConvertToLong()) {
                throw new IllegalStateException("Spark offset log without batchWatermarkMs: " + lines[1]);
            }
            return watermark.asLong();
        } catch (IOException e) {
            throw new IllegalStateException("Spark offset log with unreadable metadata: " + lines[1], e);
        }
    }

    private static String read(Configuration hadoop, String file) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            try (InputStream in = fs.open(path)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new IllegalStateException("The offset log " + file + " is missing while its batch runs", e);
        } catch (IOException e) {
            throw new UserException("Cannot read the checkpoint file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }
}
