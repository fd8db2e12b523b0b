package io.fluxo.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fluxo.config.UserException;
import io.fluxo.stack.LaunchSpec.Port;
import org.junit.jupiter.api.Test;

class ServiceTest {
    @Test
    void parsesACommaListInDeclarationOrder() {
        assertThat(Service.parse("opensearch,kafka")).containsExactly(Service.KAFKA, Service.OPENSEARCH);
        assertThat(Service.parse("dynamodb")).containsExactly(Service.DYNAMODB);
        assertThat(Service.parse("kafka,dynamodb,opensearch,postgres,s3")).containsExactlyElementsOf(Service.all());
        assertThat(Service.parse("S3")).containsExactly(Service.S3);
        assertThat(Service.parse("postgres")).containsExactly(Service.POSTGRES);
    }

    @Test
    void ignoresCaseSpacesAndRepeats() {
        assertThat(Service.parse(" Kafka , OPENSEARCH,kafka ")).containsExactly(Service.KAFKA, Service.OPENSEARCH);
    }

    @Test
    void rejectsAnUnknownNameListingTheValidOnes() {
        assertThatThrownBy(() -> Service.parse("kafka,postgress"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot parse --services kafka,postgress: unknown service \"postgress\""
                        + " (valid: kafka, dynamodb, opensearch, postgres, s3)");
    }

    @Test
    void rejectsEveryUnknownNameAtOnce() {
        assertThatThrownBy(() -> Service.parse("kafak,minio,opensearch"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot parse --services kafak,minio,opensearch: unknown services \"kafak\", \"minio\""
                        + " (valid: kafka, dynamodb, opensearch, postgres, s3)");
    }

    @Test
    void rejectsAnEmptyListAndEmptyItems() {
        assertThatThrownBy(() -> Service.parse(" "))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot parse --services: the list is empty (valid: kafka, dynamodb, opensearch, postgres, s3)");
        assertThatThrownBy(() -> Service.parse("kafka,,opensearch"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot parse --services kafka,,opensearch: unknown service \"\""
                        + " (valid: kafka, dynamodb, opensearch, postgres, s3)");
    }

    @Test
    void namesEachService() {
        assertThat(Service.all()).extracting(Service::cliName)
                .containsExactly("kafka", "dynamodb", "opensearch", "postgres", "s3");
        assertThat(Service.fromCliName("DynamoDB")).isEqualTo(Service.DYNAMODB);
        assertThat(Service.fromCliName("Postgres")).isEqualTo(Service.POSTGRES);
        assertThat(Service.KAFKA.mainClass()).isEqualTo("io.fluxo.stack.kafka.KafkaServerMain");
        assertThat(Service.POSTGRES.mainClass()).isEqualTo("io.fluxo.stack.postgres.PostgresServerMain");
        assertThatThrownBy(() -> Service.fromCliName("mysql"))
                .isInstanceOf(UserException.class)
                .hasMessage("Cannot select service \"mysql\": unknown service (valid: kafka, dynamodb, opensearch, postgres, s3)");
    }

    @Test
    void namesTheEnvironmentVariableOfAPortKey() {
        assertThat(new Port("fluxo.stack.kafka.port", 9092).envVariable()).isEqualTo("FLUXO_STACK_KAFKA_PORT");
        assertThat(new Port("fluxo.stack.kafka.controller-port", 9093).envVariable())
                .isEqualTo("FLUXO_STACK_KAFKA_CONTROLLER__PORT");
        assertThat(new Port("fluxo.stack.kafka.port", 9092).suggestion()).isEqualTo(19092);
        assertThat(new Port("fluxo.stack.kafka.port", 60000).suggestion()).isEqualTo(50000);
        assertThat(new Port("fluxo.stack.postgres.port", 5432).envVariable()).isEqualTo("FLUXO_STACK_POSTGRES_PORT");
        assertThat(new Port("fluxo.stack.postgres.port", 5432).suggestion()).isEqualTo(15432);
    }
}
