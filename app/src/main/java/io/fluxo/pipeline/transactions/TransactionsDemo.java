package io.fluxo.pipeline.transactions;

import io.fluxo.banking.Regions;
import io.fluxo.config.FluxoConfig;
import io.fluxo.config.UserException;
import io.fluxo.generator.ProgressListener;
import io.fluxo.pipeline.PipelineDemo;
import io.fluxo.sink.postgres.PostgresDataSources;
import io.fluxo.sink.postgres.PostgresSettings;
import java.sql.SQLException;
import java.util.List;

/** The demo's transactions: 1000 seeded users, a generator with a share of fraud, approval rates and alerts. */
final class TransactionsDemo implements PipelineDemo {
    static final int USERS = 1000;
    static final long USERS_SEED = 42;
    static final double FRAUD_RATE = 0.03;

    private final FluxoConfig config;
    private final TransactionsProducer producer;

    TransactionsDemo(FluxoConfig config) {
        this.config = config;
        TransactionsSettings t = TransactionsSettings.of(config);
        this.producer = new TransactionsProducer(config.kafka().clientProperties(), t.topic(), t.partitions(), t.weights());
    }

    @Override
    public void prepare() {
        PostgresSettings postgres = PostgresSettings.of(config);
        try {
            ReferenceData.upsert(PostgresDataSources.shared(postgres), Regions.all(), UserSeed.generate(USERS, USERS_SEED));
        } catch (SQLException e) {
            throw new UserException("Cannot seed the demo users into PostgreSQL at " + postgres.url() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void startGenerator(double eventsPerSecond) {
        Thread generator = new Thread(() -> producer.produce(TransactionsOptions.continuous().withUsers(USERS)
                .withUsersSeed(USERS_SEED).withFraudRate(FRAUD_RATE), eventsPerSecond, ProgressListener.NONE, false),
                "fluxo-demo-generator-transactions");
        generator.setDaemon(true);
        generator.start();
    }

    @Override
    public void stopGenerator() {
        producer.stop();
    }

    @Override
    public List<String> whereToLook() {
        TransactionsSettings t = TransactionsSettings.of(config);
        return List.of(
                "transactions         psql '" + PostgresSettings.of(config).url().replace("jdbc:", "")
                        + "' -c 'select modalidade_pagamento, aprovada, motivo, count(*) from transacoes group by 1,2,3'",
                "fraud alerts         table alertas_fraude, Kafka topic " + t.alertsTopic() + "; dead letters " + t.dlqTopic());
    }

    @Override
    public List<String> report() {
        return TransactionsReport.lines(PostgresSettings.of(config));
    }
}
