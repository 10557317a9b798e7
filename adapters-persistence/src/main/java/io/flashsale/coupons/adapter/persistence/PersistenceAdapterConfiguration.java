package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.OutboxRepository;
import java.sql.DriverManager;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The persistence adapter's beans: the repository ports on PostgreSQL. */
@Configuration(proxyBeanMethods = false)
public class PersistenceAdapterConfiguration {

    /** Rows per round trip when streaming a long claimant list through a cursor. */
    private static final int FETCH_SIZE = 1_000;

    @Bean
    CouponRepository couponRepository(DataSource dataSource, PlatformTransactionManager transactionManager) {
        TransactionTemplate snapshot = new TransactionTemplate(transactionManager);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return new JdbcCouponRepository(jdbcClient(dataSource), snapshot);
    }

    @Bean
    ClaimRepository claimRepository(DataSource dataSource) {
        return new JdbcClaimRepository(jdbcClient(dataSource));
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
