package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The persistence adapter's beans: the repository ports on PostgreSQL, and the schema migration's lock. */
@Configuration(proxyBeanMethods = false)
public class PersistenceAdapterConfiguration {

    /** Rows per round trip when streaming a long claimant list through a cursor. */
    private static final int FETCH_SIZE = 1_000;

    /** How long a start waits for another instance's schema migration; ours take a second or two. */
    private static final Duration MIGRATION_WAIT_LIMIT = Duration.ofMinutes(5);

    /**
     * @param smallCouponMaxClaims    {@code coupons.details.small-coupon-max-claims}: claims up to which
     *                                a coupon's details are one statement; beyond, a cursor in a snapshot
     * @param maxConcurrentLargeReads {@code coupons.details.max-concurrent-large-reads}: cursor reads at
     *                                once, each holding a pooled connection; keep it well below the pool
     * @param largeReadWait           {@code coupons.details.large-read-wait}: longest a cursor read waits
     *                                for its turn before it is answered as storage unavailable (503)
     */
    @Bean
    CouponRepository couponRepository(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            @Value("${coupons.details.small-coupon-max-claims:1000}") int smallCouponMaxClaims,
            @Value("${coupons.details.max-concurrent-large-reads:2}") int maxConcurrentLargeReads,
            @Value("${coupons.details.large-read-wait:10s}") Duration largeReadWait) {
        TransactionTemplate snapshot = new TransactionTemplate(transactionManager);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return new JdbcCouponRepository(
                jdbcClient(dataSource), snapshot, smallCouponMaxClaims, maxConcurrentLargeReads, largeReadWait);
    }

    @Bean
    ClaimRepository claimRepository(DataSource dataSource) {
        return new JdbcClaimRepository(jdbcClient(dataSource));
    }

    @Bean
    SingleClaimRepositories singleClaimRepositories(
            DataSource dataSource, PlatformTransactionManager transactionManager) {
        return new SingleClaimRepositories(jdbcClient(dataSource), transactionManager);
    }

    /**
     * Liquibase, as Spring Boot sets it up, migrates through a {@link SingleMigratorDataSource}: one
     * instance at a time, and a migration that died leaves nothing that blocks the next start.
     */
    @Bean
    static BeanPostProcessor singleMigrator() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SpringLiquibase liquibase
                        && liquibase.getDataSource() != null
                        && !(liquibase.getDataSource() instanceof SingleMigratorDataSource)) {
                    liquibase.setDataSource(
                            new SingleMigratorDataSource(liquibase.getDataSource(), MIGRATION_WAIT_LIMIT));
                }
                return bean;
            }
        };
    }

    /**
     * The outbox of the coupon events. Its relay lock needs a connection that lives as long as the
     * lock, so it is opened apart from the pool (whose connections are recycled and shared).
     */
    @Bean
    OutboxRepository outboxRepository(JdbcConnectionDetails database) {
        Properties properties = new Properties();
        properties.setProperty("user", database.getUsername());
        if (database.getPassword() != null) {
            properties.setProperty("password", database.getPassword());
        }
        properties.setProperty("ApplicationName", "coupons-event-relay");
        // Reads on the lock's connection are small; a database that stops answering must not hang the relay.
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("tcpKeepAlive", "true");
        return new JdbcOutboxRepository(() -> DriverManager.getConnection(database.getJdbcUrl(), properties));
    }

    private static JdbcClient jdbcClient(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }
}
