package io.flashsale.bench.bare;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cheapest endpoint Spring Boot can serve: one controller answering the same bytes as the
 * service's liveness probe ({"status":"UP"}, JSON), with no filter, actuator or observation of ours.
 */
@SpringBootApplication
@RestController
public class BareApplication {

    private static final String UP = "{\"status\":\"UP\"}";

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    @GetMapping(path = "/up", produces = MediaType.APPLICATION_JSON_VALUE)
    String up() {
        return UP;
    }
}
