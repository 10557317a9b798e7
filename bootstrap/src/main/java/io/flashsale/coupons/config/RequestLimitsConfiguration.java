package io.flashsale.coupons.config;

import io.flashsale.coupons.adapter.rest.HttpLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Derives the bounds on HTTP work in flight from the heap this JVM was given. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
public class RequestLimitsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RequestLimitsConfiguration.class);

    @Bean
    HttpLimits httpLimits(HttpProperties properties) {
        HttpLimits limits = limits(properties, Runtime.getRuntime().maxMemory());
        log.info(
                "HTTP bounds for a max heap of {} MiB ({} of it, {} KiB per request, {} KiB per waiting connection): "
                        + "{} connections, {} requests in flight, {} of them claims; coupons.http.* overrides",
                Runtime.getRuntime().maxMemory() >> 20,
                properties.heapShare(),
                properties.heapPerRequest().toKilobytes(),
                properties.heapPerConnection().toKilobytes(),
                limits.maxConnections(),
                limits.maxRequestsInFlight(),
                limits.maxClaimsInFlight());
        return limits;
    }

    /** The derived limits, with whatever {@code coupons.http.max-*} sets explicitly taking their place. */
    static HttpLimits limits(HttpProperties properties, long maxHeapBytes) {
        HttpLimits derived = HttpLimits.forHeap(
                maxHeapBytes,
                properties.heapPerRequest().toBytes(),
                properties.heapPerConnection().toBytes(),
                properties.heapShare());
        int connections = properties.maxConnections() != null ? properties.maxConnections() : derived.maxConnections();
        int requests = properties.maxRequestsInFlight() != null
                ? properties.maxRequestsInFlight()
                : Math.min(derived.maxRequestsInFlight(), connections);
        HttpLimits limits = HttpLimits.forRequests(connections, requests);
        return properties.maxClaimsInFlight() == null
                ? limits
                : new HttpLimits(connections, requests, properties.maxClaimsInFlight());
    }
}
