package io.flashsale.coupons.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashsale.coupons.e2e.Api.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract's promise that the {@code Location} of a new coupon reaches it: followed exactly as a
 * client follows it ({@link URI#resolve} against the base, then java.net.http), it must answer the
 * coupon of that name and no other, whatever characters the name has.
 */
class LocationRoundTripIT extends RunningServiceTest {

    /** What a path segment may carry unencoded without any server or client reading it specially. */
    private static final String ENCODED_SEGMENT = "([A-Za-z0-9._~-]|%[0-9A-F]{2})+";

    @Test
    void givenNameWithPathParameter_create_locationLeadsToThatCouponNotToTheOneWithoutIt() {
        String sale = uniqueName("SALE");
        String withParameter = sale + ";x=1";
        assertThat(api.createCoupon(sale, 1).status()).isEqualTo(201);

        Response created = api.createCoupon(withParameter, 7);

        assertThat(created.status()).isEqualTo(201);
        Response followed = follow(created.header("Location"));
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.json().path("name").asString()).isEqualTo(withParameter);
        assertThat(followed.json().path("amount").asInt()).isEqualTo(7);
    }

    @Test
    void givenNameWithPathParameterAlone_create_locationLeadsToItAndNotTo404() {
        String withParameter = uniqueName("ALONE") + ";jsessionid=1";

        Response followed = follow(api.createCoupon(withParameter, 1).header("Location"));

        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.json().path("name").asString()).isEqualTo(withParameter);
    }

    @Test
    void givenEveryPrintableAsciiCharacterInsideAName_create_locationLeadsBackToIt() {
        List<String> names = new ArrayList<>();
        for (char c = 0x20; c < 0x7f; c++) {
            if (c == '/') {
                continue; // the contract refuses it in names
            }
            String unique = uniqueName("");
            names.add("in" + c + "side" + unique);
            if (c != ' ') { // names must not start or end with whitespace
                names.add(c + "first" + unique);
                names.add("last" + unique + c);
            }
            names.add(("" + c + c + unique).replace(" ", "_"));
        }
        assertRoundTrips(names);
    }

    @Test
    void givenCombinationsOfSpecialCharacters_create_locationLeadsBackToThem() {
        StringBuilder allAscii = new StringBuilder();
        for (char c = 0x21; c < 0x7f; c++) {
            if (c != '/') {
                allAscii.append(c);
            }
        }
        String unique = uniqueName("");
        assertRoundTrips(List.of(
                allAscii.substring(0, 84) + unique,
                allAscii.substring(10) + unique,
                "a;b=c;d" + unique,
                "..;" + unique,
                ";" + unique,
                "%2F" + unique,
                "%2f%2e%2e" + unique,
                "%3B" + unique,
                "%25" + unique,
                "%" + unique,
                "%zz" + unique,
                "a%20b" + unique,
                "a+b" + unique,
                "?q=1#f" + unique,
                "#" + unique,
                "\\..\\" + unique,
                ".." + unique,
                "..." + unique,
                "." + unique,
                "x\\" + unique,
                "a b?c#d;e%f" + unique,
                "~user" + unique,
                "*" + unique,
                "[::1]" + unique,
                "@host:80" + unique,
                "$&'()*+,=" + unique,
                "{}|^`<>\"" + unique));
    }

    @Test
    void givenNonAsciiNames_create_locationLeadsBackToThem() {
        String unique = uniqueName("");
        assertRoundTrips(List.of(
                "é" + unique,
                "漢字" + unique,
                "\uD83D\uDE00" + unique,
                "Café;50%?" + unique,
                "ünï\u00a0cødé" + unique,
                "\u200b" + unique + "\u200b",
                "\u202eevil" + unique,
                "\uFEFFbom" + unique,
                "ﬁ" + unique,
                "e\u0301" + unique,
                "%C3%A9" + unique));
    }

    @Test
    void givenSingleCharacterNames_create_locationLeadsBackToThem() {
        List<String> names = new ArrayList<>();
        for (char c = 0x21; c < 0x7f; c++) {
            if (c != '/' && c != '.') {
                names.add(String.valueOf(c));
            }
        }
        names.add("é");
        names.add("\uD83D\uDE00");
        for (String name : names) {
            Response created = api.createCoupon(name, 1);
            // Another run on a shared database may have created it already; then only the path is checked.
            assertThat(created.status()).as(name).isIn(201, 409);
            if (created.status() == 201) {
                assertLeadsTo(created.header("Location"), name);
            }
        }
    }

    private void assertRoundTrips(List<String> names) {
        for (String name : names) {
            Response created = api.createCoupon(name, 3);
            assertThat(created.status())
                    .as("create %s: %s", name, created.body())
                    .isEqualTo(201);
            assertLeadsTo(created.header("Location"), name);
        }
    }

    private void assertLeadsTo(String location, String name) {
        Response followed = follow(location);
        assertThat(followed.status())
                .as("GET %s for %s: %s", location, name, followed.body())
                .isEqualTo(200);
        assertThat(followed.json().path("name").asString()).as(location).isEqualTo(name);
        assertThat(location).as(name).startsWith("/api/coupons/");
        assertThat(location.substring("/api/coupons/".length())).as(name).matches(ENCODED_SEGMENT);
    }

    /** As a client follows a Location: resolved against the URI it posted to, sent as it is. */
    private Response follow(String location) {
        URI target = URI.create(api.base() + "/api/coupons").resolve(URI.create(location));
        return api.send(HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build());
    }
}
