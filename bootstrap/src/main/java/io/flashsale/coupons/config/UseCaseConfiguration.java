package io.flashsale.coupons.config;

import io.flashsale.coupons.adapter.persistence.SingleClaimRepositories;
import io.flashsale.coupons.application.ClaimCouponService;
import io.flashsale.coupons.application.ClaimStrategy;
import io.flashsale.coupons.application.ClaimTraffic;
import io.flashsale.coupons.application.CreateCouponService;
import io.flashsale.coupons.application.GetCouponDetailsService;
import io.flashsale.coupons.application.SingleClaimService;
import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.out.ClaimRepository;
import io.flashsale.coupons.domain.port.out.CouponRepository;
import io.flashsale.coupons.domain.port.out.SingleClaimRepository;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** The use cases, wired by hand: the application module knows nothing of Spring. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClaimProperties.class)
public class UseCaseConfiguration {

    @Bean
    CreateCouponService createCouponService(CouponRepository coupons) {
        return new CreateCouponService(coupons);
    }

    @Bean
    GetCouponDetailsService getCouponDetailsService(CouponRepository coupons) {
        return new GetCouponDetailsService(coupons);
    }

    /** The claim path chosen by {@code coupons.claims.strategy}. */
    @Bean
    ClaimStrategy claimStrategy(
            ClaimProperties properties,
            CouponRepository coupons,
            ClaimRepository claims,
            SingleClaimRepositories singleClaims,
            ExecutorService claimLaneDrainers) {
        return switch (properties.strategy()) {
            case COALESCED ->
                new ClaimCouponService(
                        coupons,
                        claims,
                        properties.laneSettings(),
                        properties.retryPolicy(),
                        properties.soldOutHoldersInMemory(),
                        claimLaneDrainers);
            case PESSIMISTIC -> single(singleClaims.pessimistic(), properties);
            case CONDITIONAL -> single(singleClaims.conditional(), properties);
            case SERIALIZABLE -> single(singleClaims.serializable(), properties);
        };
    }

    private static SingleClaimService single(SingleClaimRepository claims, ClaimProperties properties) {
        return new SingleClaimService(claims, properties.retryPolicy(), properties.retryAfter());
    }

    /** The claim use case the REST adapter sees: the chosen strategy, measured. */
    @Bean
    @Primary
    ClaimCouponUseCase claimCouponUseCase(ClaimStrategy strategy, ClaimTraffic traffic, MeterRegistry registry) {
        FunctionCounter.builder("coupons.claims.retries", strategy, ClaimStrategy::conflictRetries)
                .description("Claims or batches decided again after losing a race to another writer")
                .register(registry);
        return new MeteredClaimCoupon(traffic.observing(strategy), registry);
    }

    /** When claims last arrived here: the event relay gives way to them. */
    @Bean
    ClaimTraffic claimTraffic() {
        return new ClaimTraffic(Clock.systemUTC());
    }

    /** Drains the claim lanes: one virtual thread per busy lane, gone when its queue is empty. */
    @Bean(destroyMethod = "close")
    ExecutorService claimLaneDrainers() {
        return Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("claim-lane-", 0).factory());
    }
}
