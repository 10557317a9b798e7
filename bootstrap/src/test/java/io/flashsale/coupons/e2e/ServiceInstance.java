package io.flashsale.coupons.e2e;

import io.flashsale.coupons.CouponsApplication;
import io.flashsale.coupons.testing.TestPostgres;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One instance of the service in a Spring context of its own, on a random port: for tests that
 * need several instances at once or settings of their own (a database behind a proxy, say).
 */
final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final int port;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** An instance on the test PostgreSQL; {@code overrides} win over it and over application.yaml. */
    static ServiceInstance start(Map<String, String> overrides) {
        Map<String, String> properties =
                new LinkedHashMap<>(TestPostgres.connection().springProperties());
        properties.put("server.port", "0");
        properties.putAll(overrides);
        // As command-line arguments they outrank application.yaml, unlike default properties.
        String[] args = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new ServiceInstance(new SpringApplicationBuilder(CouponsApplication.class).run(args));
    }

    int port() {
        return port;
    }

    Api api() {
        return new Api(port);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
