package io.fluxo.sink.delta;

import io.fluxo.config.UserException;
import io.fluxo.sink.Causes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Delta Lake on a local path or on S3: the SparkSession settings (Delta's SQL extension and catalog, Hadoop's s3a
 * connector from {@code fluxo.s3.*}) and the lake's bucket, created on first use.
 */
public final class DeltaLake {
    static final Duration BUCKET_TIMEOUT = Duration.ofSeconds(10);

    private DeltaLake() {
    }

    /**
     * What the SparkSession needs for Delta tables and s3a:// paths, as {@code spark.*} settings. The s3a keys go in
     * as {@code spark.hadoop.fs.s3a.*}, so that executors get them too; Spark redacts the secret key wherever it
     * shows its configuration.
     */
    public static Map<String, String> sparkConf(S3Settings s3) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
        conf.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
        String s3a = "spark.hadoop.fs.s3a.";
        conf.put(s3a + "endpoint.region", s3.region());
        conf.put(s3a + "path.style.access", Boolean.toString(s3.pathStyle()));
        if (!s3.endpoint().isEmpty()) {
            conf.put(s3a + "endpoint", s3.endpoint());
            conf.put(s3a + "connection.ssl.enabled", Boolean.toString(s3.endpoint().startsWith("https://")));
        }
        if (!s3.accessKey().isEmpty()) {
            conf.put(s3a + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.put(s3a + "access.key", s3.accessKey());
            conf.put(s3a + "secret.key", s3.secretKey());
        }
        return conf;
    }

    /**
     * Makes the lake writable: for an s3a:// lake, creates its bucket unless it exists. A local lake needs nothing
     * (Delta creates the directories).
     *
     * @throws UserException when S3 cannot be reached, refuses the keys, or refuses to create the bucket
     */
    public static void prepare(LakeSettings lake, S3Settings s3) {
        if (!lake.onS3()) {
            return;
        }
        try (S3Client client = S3Clients.create(s3, BUCKET_TIMEOUT)) {
            ensureBucket(client, lake.bucket(), s3);
        } catch (SdkClientException e) {
            throw new UserException("Cannot reach S3 at " + s3.describeEndpoint() + " for the lake " + lake.lake() + ": "
                    + rootMessage(e) + " (start the local stack's S3 server with ./fluxo stack up --services s3, or"
                    + " check fluxo.s3.endpoint)", e);
        }
    }

    /** true when this call created the bucket. */
    static boolean ensureBucket(S3Client client, String bucket, S3Settings s3) {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (NoSuchBucketException e) {
            // Created below.
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw refused("use", bucket, s3, e);
            }
        }
        try {
            client.createBucket(b -> {
                b.bucket(bucket);
                // us-east-1 is the one region that takes no location constraint.
                if (!s3.region().equals(Region.US_EAST_1.id())) {
                    b.createBucketConfiguration(c -> c.locationConstraint(s3.region()));
                }
            });
            return true;
        } catch (BucketAlreadyOwnedByYouException e) {
            return false;
        } catch (S3Exception e) {
            throw refused("create", bucket, s3, e);
        }
    }

    private static UserException refused(String action, String bucket, S3Settings s3, S3Exception e) {
        String why = e.statusCode() == 403
                ? "access denied (check fluxo.s3.access-key and fluxo.s3.secret-key, or the AWS credentials of the"
                        + " environment when they are empty)"
                : "HTTP " + e.statusCode() + (e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode()
                        + ": " + e.awsErrorDetails().errorMessage());
        return new UserException("Cannot " + action + " bucket " + bucket + " at " + s3.describeEndpoint() + ": " + why, e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = Causes.root(e);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
