package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.port.in.ClaimCouponUseCase;
import io.flashsale.coupons.domain.port.in.CreateCouponUseCase;
import io.flashsale.coupons.domain.port.in.GetCouponDetailsUseCase;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.catalina.core.StandardHost;
import org.springframework.beans.factory.annotation.Value;
import org.mapstruct.factory.Mappers;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
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
 * check for malformed requests and the body limit.
 */
@Configuration(proxyBeanMethods = false)
public class RestAdapterConfiguration {

    /** The contract's limit on request bodies. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    @Bean
    CouponController couponController(CreateCouponUseCase createCoupon, ClaimCouponUseCase claimCoupon,
                                      GetCouponDetailsUseCase getCouponDetails, JsonMapper json,
                                      DetailsBodies detailsBodies) {
        return new CouponController(createCoupon, claimCoupon, getCouponDetails,
                Mappers.getMapper(ResponseMapper.class), json, detailsBodies);
    }

    /**
     * @param memoryBuffer {@code coupons.details.memory-buffer}: bytes of one details body kept on the
     *                     heap; beyond, the body waits in a temporary file
     * @param directory    {@code coupons.details.spill-directory}: where those files go
     * @param deadline     {@code coupons.details.deadline}: longest one details request may take
     */
    @Bean
    DetailsBodies detailsBodies(@Value("${coupons.details.memory-buffer:64KB}") DataSize memoryBuffer,
                                @Value("${coupons.details.spill-directory:${java.io.tmpdir}}") Path directory,
                                @Value("${coupons.details.deadline:60s}") Duration deadline) {
        return new DetailsBodies(Math.toIntExact(memoryBuffer.toBytes()), directory, deadline);
    }

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    /** Errors that reach the container's error page, as problems; replaces Spring Boot's. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    FilterRegistrationBean<MalformedRequestFilter> malformedRequestFilter(JsonMapper json) {
        FilterRegistrationBean<MalformedRequestFilter> registration =
                new FilterRegistrationBean<>(new MalformedRequestFilter(json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(JsonMapper json) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestBodyLimitFilter(MAX_BODY_BYTES, json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter() {
        FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(new SecurityHeadersFilter());
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
            factory.addContextCustomizers(context ->
                    ((StandardHost) context.getParent()).setErrorReportValveClass(ProblemErrorReportValve.class.getName()));
        };
    }

    /**
     * JSON exactly as sent: no float, string or boolean coerced into a number or a number into a
     * string, no duplicate keys, nothing after the object. Unknown fields stay ignored.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
