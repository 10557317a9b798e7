package io.flashsale.coupons.adapter.persistence;

import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
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

    /**
     * @param smallCouponMaxClaims    {@code coupons.details.small-coupon-max-claims}: claims up to which
     *                                a coupon's details are one statement; beyond, a cursor in a snapshot
     * @param maxConcurrentLargeReads {@code coupons.details.max-concurrent-large-reads}: cursor reads at
     *                                once, each holding a pooled connection; keep it well below the pool
     * @param largeReadWait           {@code coupons.details.large-read-wait}: longest a cursor read waits
     *                                for its turn before it is answered as storage unavailable (503)
     */
    @Bean
    CouponRepository couponRepository(DataSource dataSource, PlatformTransactionManager transactionManager,
            @Value("${coupons.details.small-coupon-max-claims:1000}") int smallCouponMaxClaims,
            @Value("${coupons.details.max-concurrent-large-reads:2}") int maxConcurrentLargeReads,
            @Value("${coupons.details.large-read-wait:10s}") Duration largeReadWait) {
        TransactionTemplate snapshot = new TransactionTemplate(transactionManager);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        return new JdbcCouponRepository(jdbcClient(dataSource), snapshot, smallCouponMaxClaims,
                maxConcurrentLargeReads, largeReadWait);
    }

    @Bean
    ClaimRepository claimRepository(DataSource dataSource) {
        return new JdbcClaimRepository(jdbcClient(dataSource));
    }

    private static JdbcClient jdbcClient(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(FETCH_SIZE);
        return JdbcClient.create(template);
    }
}
