package io.fluxo.sink.delta;

import static java.util.Objects.requireNonNull;

import io.fluxo.config.ConfigReader;
import io.fluxo.config.ConfigSection;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a pipeline keeps its Delta tables ({@code <prefix>.lake}) and the checkpoints of its streaming queries
 * ({@code <prefix>.checkpoint-dir}): a local path, or a Hadoop URI such as {@code s3a://bucket/prefix} or
 * {@code hdfs://namenode/path}. The pipeline that owns {@code <prefix>} reads it with {@link #read} or registers
 * {@link #section}.
 */
public record LakeSettings(String lake, String checkpointDir) implements Serializable {
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    /** S3's rule for new buckets: 3 to 63 characters, lower-case letters, digits, dots and hyphens. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public LakeSettings {
        requireNonNull(lake, "lake");
        requireNonNull(checkpointDir, "checkpointDir");
    }

    /** Reads {@code <prefix>.lake} and {@code <prefix>.checkpoint-dir}; problems go to the reader. */
    public static LakeSettings read(ConfigReader r, String prefix) {
        LakeSettings s = new LakeSettings(r.string(prefix + ".lake").strip(), r.string(prefix + ".checkpoint-dir").strip());
        check(r, prefix + ".lake", s.lake());
        check(r, prefix + ".checkpoint-dir", s.checkpointDir());
        return s;
    }

    /** The settings as a section of their own at {@code prefix} (e.g. {@code fluxo.medallion}). */
    public static ConfigSection<LakeSettings> section(String prefix) {
        requireNonNull(prefix, "prefix");
        return new ConfigSection<>() {
            @Override
            public String path() {
                return prefix;
            }

            @Override
            public LakeSettings read(ConfigReader reader) {
                return LakeSettings.read(reader, prefix);
            }
        };
    }

    /** The lake is on S3 (s3a://), so its bucket must exist before the first write. */
    public boolean onS3() {
        return isS3a(lake);
    }

    /** The bucket of an s3a:// lake. */
    public String bucket() {
        if (!onS3()) {
            throw new IllegalStateException("Cannot name the bucket of " + lake + ": not an s3a:// lake");
        }
        return URI.create(lake).getHost();
    }

    /** Where a table lives, e.g. {@code table("bronze/bank_transactions")}: an absolute path or a URI. */
    public String table(String relative) {
        return location(lake, relative);
    }

    /** The checkpoint of one streaming query: an absolute path or a URI. */
    public String checkpoint(String query) {
        return location(checkpointDir, query);
    }

    private static String location(String base, String relative) {
        requireNonNull(relative, "relative");
        if (URI_SCHEME.matcher(base).matches()) {
            return base.replaceAll("/+$", "") + "/" + relative;
        }
        return Path.of(base).toAbsolutePath().normalize().resolve(relative).toString();
    }

    private static boolean isS3a(String location) {
        return location.toLowerCase(Locale.ROOT).startsWith("s3a://");
    }

    private static void check(ConfigReader r, String key, String value) {
        if (value.isEmpty()) {
            r.check(false, "Invalid " + key + ": empty (a local path, or s3a://bucket/prefix)");
            return;
        }
        if (!URI_SCHEME.matcher(value).matches()) {
            return;
        }
        String scheme = value.substring(0, value.indexOf(':')).toLowerCase(Locale.ROOT);
        if (scheme.equals("s3") || scheme.equals("s3n")) {
            r.check(false, "Invalid " + key + ": " + value + " (use s3a://" + value.substring(scheme.length() + 3)
                    + ": Fluxo reaches S3 through Hadoop's s3a connector)");
            return;
        }
        String host;
        try {
            host = new URI(value).getHost();
        } catch (URISyntaxException e) {
            r.check(false, "Invalid " + key + ": " + value + " (not a URI: " + e.getReason() + ")");
            return;
        }
        if (isS3a(value)) {
            r.check(host != null && BUCKET.matcher(host).matches(), "Invalid " + key + ": " + value
                    + " (use s3a://bucket/prefix, the bucket 3 to 63 lower-case letters, digits, dots and hyphens)");
        }
    }
}
