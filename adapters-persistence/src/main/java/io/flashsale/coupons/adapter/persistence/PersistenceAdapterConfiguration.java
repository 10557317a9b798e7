package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import javax.sql.DataSource;
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

    @Bean
    SingleClaimRepositories singleClaimRepositories(DataSource dataSource, PlatformTransactionManager transactionManager) {
        return new SingleClaimRepositories(jdbcClient(dataSource), transactionManager);
    }

    private static JdbcClient jdbcClient(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }
}
