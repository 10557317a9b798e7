package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.AbstractProtocol;
import org.mapstruct.factory.Mappers;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The REST adapter's beans: the controller, its problem handler and error page, strict JSON, the
 * check for malformed requests, the body limit, and the bounds on requests in flight.
 */
@Configuration(proxyBeanMethods = false)
public class RestAdapterConfiguration {

    /** The contract's limit on request bodies. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    /**
     * Tomcat's per-connection socket buffers (default 8 KiB each; the read buffer's size is also
     * added to the request header buffer). A claim's request is ~250 bytes and its answer ~400; larger
     * ones take more reads, and writes larger than the buffer go straight from the response's own
     * buffer to the socket. Measured: 21 KiB less heap per request in flight (README).
     */
    static final int SOCKET_BUFFER_BYTES = 1024;

    /** The claim endpoint, the one whose requests wait in a lane. */
    static final String CLAIM_PATH = "/api/coupons/claim";

    @Bean
    CouponController couponController(
            CreateCouponUseCase createCoupon,
            ClaimCouponUseCase claimCoupon,
            GetCouponDetailsUseCase getCouponDetails,
            JsonMapper json,
            DetailsBodies detailsBodies) {
        return new CouponController(
                createCoupon,
                claimCoupon,
                getCouponDetails,
                Mappers.getMapper(ResponseMapper.class),
                json,
                detailsBodies);
    }

    /**
     * @param memoryBuffer {@code coupons.details.memory-buffer}: bytes of one details body kept on the
     *                     heap; beyond, the body waits in a temporary file
     * @param directory    {@code coupons.details.spill-directory}: where those files go
     * @param deadline     {@code coupons.details.deadline}: longest one details request may take
     */
    @Bean
    DetailsBodies detailsBodies(
            @Value("${coupons.details.memory-buffer:64KB}") DataSize memoryBuffer,
            @Value("${coupons.details.spill-directory:${java.io.tmpdir}}") Path directory,
            @Value("${coupons.details.deadline:60s}") Duration deadline) {
        return new DetailsBodies(Math.toIntExact(memoryBuffer.toBytes()), directory, deadline);
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    /** The error responses of the OpenAPI document, from the catalogue. */
    @Bean
    OperationCustomizer problemResponses() {
        return new ProblemResponsesCustomizer();
    }

    /** Errors that reach the container's error page, as problems; replaces Spring Boot's. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter() {
        FilterRegistrationBean<MalformedRequestFilter> registration =
                new FilterRegistrationBean<>(new MalformedRequestFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter() {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(MAX_BODY_BYTES));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    /** First after the security headers: a refused claim should cost as little as possible. */
    @Bean
    FilterRegistrationBean<ClaimAdmissionFilter> claimAdmissionFilter(HttpLimits limits) {
        FilterRegistrationBean<ClaimAdmissionFilter> registration =
                new FilterRegistrationBean<>(new ClaimAdmissionFilter(limits.maxClaimsInFlight()));
        // Matched by the servlet container on the normalised path, so `;params`, dot segments or
        // percent-encoding cannot sneak a claim past it.
        registration.addUrlPatterns(CLAIM_PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration =
                new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Tomcat refuses some paths before they reach Spring (an encoded NUL, say) and renders its own
     * HTML page; ours answers with a problem body instead. Encoded slashes and backslashes are
     * passed through to the API, which judges them like any other character of a name.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemBodiesFromTomcat() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                connector.setEncodedSolidusHandling("passthrough");
                connector.setEncodedReverseSolidusHandling("passthrough");
                connector.setXpoweredBy(false);
            });
            factory.addContextCustomizers(context -> ((StandardHost) context.getParent())
                    .setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
        };
    }

    /**
     * Bounds what HTTP can occupy on the heap: at most {@code limits.maxConnections()} connections
     * (the rest wait in the accept backlog, {@code server.tomcat.accept-count}), of which at most
     * {@code limits.maxRequestsInFlight()} are processed at once (the rest wait for a thread), each
     * with small socket buffers. Ordered last, so it wins over {@code server.tomcat.max-connections}
     * and Spring Boot's unbounded virtual-thread executor.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> requestsInFlightBound(HttpLimits limits) {
        return new OrderedCustomizer(factory -> factory.addConnectorCustomizers(connector -> {
            AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
            protocol.setMaxConnections(limits.maxConnections());
            protocol.setExecutor(new BoundedVirtualThreadExecutor(limits.maxRequestsInFlight(), "tomcat-handler-"));
            setSocketProperty(connector, "socket.appReadBufSize", SOCKET_BUFFER_BYTES);
            setSocketProperty(connector, "socket.appWriteBufSize", SOCKET_BUFFER_BYTES);
        }));
    }

    private static void setSocketProperty(Connector connector, String name, int value) {
        if (!connector.setProperty(name, Integer.toString(value))) {
            throw new IllegalStateException("Tomcat refused " + name + "=" + value);
        }
    }

    /** A customizer that runs after Spring Boot's own, which applies the {@code server.tomcat.*} properties. */
    private record OrderedCustomizer(WebServerFactoryCustomizer<TomcatServletWebServerFactory> customizer)
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            customizer.customize(factory);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * JSON exactly as sent: no float, string or boolean coerced into a number or a number into a
     * string, no duplicate keys, nothing after the object. Unknown fields stay ignored.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(
                        LogicalType.Integer,
                        config -> config.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Textual,
                        config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
