package io.fluxo.sink.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import io.fluxo.stack.LocalStack;
import io.fluxo.stack.Service;
import io.fluxo.testing.TestSpark;
import io.fluxo.testing.TestStack;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** Delta tables with exact money, on a local lake and on the stack's S3 server through s3a. */
class DeltaLakeIT {
    static final StructType SCHEMA = new StructType()
            .add("id_transacao", DataTypes.StringType, false)
            .add("valor_transacao", DataTypes.createDecimalType(18, 2), false);
    /** The smallest and largest amounts of decimal(18,2), and a cent that binary floating point cannot hold. */
    static final List<Row> ROWS = List.of(
            RowFactory.create("t1", new BigDecimal("7937.86")),
            RowFactory.create("t2", new BigDecimal("0.01")),
            RowFactory.create("t3", new BigDecimal("9999999999999999.99")),
            RowFactory.create("t4", new BigDecimal("1571.82")));

    static S3Settings s3;

    @BeforeAll
    static void startS3() {
        TestStack.start(Set.of(Service.S3));
        s3 = S3Settings.of(TestStack.config());
    }

    @Test
    void writesAndReadsALocalDeltaTable() {
        Path lake = LocalStack.fluxoHome().resolve("app/target/it-lake/" + UUID.randomUUID());
        LakeSettings settings = new LakeSettings(lake.toString(), lake.resolve("checkpoints").toString());
        DeltaLake.prepare(settings, s3);

        assertRoundTrip(settings.table("bronze/bank_transactions"));
    }

    @Test
    void createsTheBucketOnFirstUseThenWritesAndReadsThroughS3a() {
        String bucket = "fluxo-it-" + UUID.randomUUID().toString().substring(0, 8);
        LakeSettings settings = new LakeSettings("s3a://" + bucket + "/lake", "unused");
        try (S3Client client = S3Clients.create(s3, Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> client.headBucket(b -> b.bucket(bucket))).isInstanceOf(NoSuchBucketException.class);

            DeltaLake.prepare(settings, s3);
            DeltaLake.prepare(settings, s3);

            client.headBucket(b -> b.bucket(bucket));
            assertRoundTrip(settings.table("silver/bank_transactions"));
            assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("lake/silver/bank_transactions/_delta_log/"))
                    .contents()).extracting(o -> o.key())
                    .contains("lake/silver/bank_transactions/_delta_log/00000000000000000000.json");
        }
    }

    /** A checkpoint on s3a (possible, not the default) commits by renaming: s3a copies through the transfer manager. */
    @Test
    void s3aRenamesAFile() throws IOException {
        LakeSettings settings = new LakeSettings("s3a://fluxo-it-checkpoints/" + UUID.randomUUID(), "unused");
        DeltaLake.prepare(settings, s3);
        org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(settings.table("offsets/.0.tmp"));
        org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(settings.table("offsets/0"));
        FileSystem fs = from.getFileSystem(TestSpark.session().sparkContext().hadoopConfiguration());

        try (var out = fs.create(from, false)) {
            out.write("v1\n{\"batchWatermarkMs\":0}".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(fs.rename(from, to)).isTrue();

        assertThat(fs.exists(from)).isFalse();
        try (var in = fs.open(to)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("v1\n{\"batchWatermarkMs\":0}");
        }
    }

    @Test
    void anUnreachableS3EndpointIsOneClearLine() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        S3Settings nowhere = new S3Settings("http://127.0.0.1:" + port, "us-east-1", true, "fluxo", "secret");
        LakeSettings settings = new LakeSettings("s3a://fluxo-lake/lake", "unused");

        assertThatThrownBy(() -> DeltaLake.prepare(settings, nowhere))
                .isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot reach S3 at http://127.0.0.1:" + port + " for the lake s3a://fluxo-lake/lake: ")
                .hasMessageEndingWith(" (start the local stack's S3 server with ./fluxo stack up --services s3, or check"
                        + " fluxo.s3.endpoint)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").contains("Connection refused"));
    }

    @Test
    void keysTheServerRefusesAreNamed() {
        S3Settings wrong = new S3Settings(s3.endpoint(), s3.region(), true, s3.accessKey(), "not-the-secret");

        assertThatThrownBy(() -> DeltaLake.prepare(new LakeSettings("s3a://fluxo-lake/lake", "unused"), wrong))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot use bucket fluxo-lake at " + s3.endpoint() + ": access denied (check"
                        + " fluxo.s3.access-key and fluxo.s3.secret-key, or the AWS credentials of the environment when"
                        + " they are empty)");
    }

    private static void assertRoundTrip(String table) {
        SparkSession spark = TestSpark.session();
        spark.createDataFrame(ROWS, SCHEMA).write().format("delta").mode("append").save(table);

        Dataset<Row> read = spark.read().format("delta").load(table);
        assertThat(read.schema().apply("valor_transacao").dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
        assertThat(read.orderBy("id_transacao").collectAsList()).containsExactlyElementsOf(ROWS);
        assertThat(read.agg(org.apache.spark.sql.functions.sum("valor_transacao")).first().getDecimal(0))
                .isEqualTo(new BigDecimal("10000000000009509.68"));
    }
}
