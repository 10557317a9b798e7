package io.flashsale.coupons;

import io.flashsale.coupons.adapter.messaging.MessagingAdapterConfiguration;
import io.flashsale.coupons.adapter.persistence.PersistenceAdapterConfiguration;
import io.flashsale.coupons.adapter.rest.RestAdapterConfiguration;
import io.flashsale.coupons.config.EventConfiguration;
import io.flashsale.coupons.config.RequestLimitsConfiguration;
import io.flashsale.coupons.config.UseCaseConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The Flash Sale Coupons service. Wiring is explicit: the core has no Spring annotations and
 * each adapter contributes one configuration class; nothing is found by scanning.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({
    UseCaseConfiguration.class,
    PersistenceAdapterConfiguration.class,
    RestAdapterConfiguration.class,
    RequestLimitsConfiguration.class,
    MessagingAdapterConfiguration.class,
    EventConfiguration.class
})
public class CouponsApplication {

    public static void main(String[] args) {
        SpringApplication.run(CouponsApplication.class, args);
    }
}
