package io.flashsale.coupons.adapter.rest;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * What a {@link Problem} says besides its detail: the HTTP status it is sent with, a title, a stable
 * machine-readable code and the type URI. Either one of ours ({@link ApiError}) or, for a status
 * our catalogue lacks, one named after that status, so that a body never states another status
 * than the response's.
 */
sealed interface ProblemType permits ApiError, ProblemType.OfStatus {

    /** The base of every problem type URI; the code in lower case with dashes follows. */
    String TYPE_PREFIX = "urn:problem-type:flash-sale-coupons:";

    HttpStatusCode status();

    String title();

    String code();

    default URI type() {
        return URI.create(TYPE_PREFIX + code().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** The standard reason phrase of the status, such as "Not Implemented". */
    default String reasonPhrase() {
        return reasonPhrase(status().value());
    }

    /** The detail when nobody says more than the status: for most, its reason phrase. */
    default String defaultDetail() {
        return reasonPhrase();
    }

    static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    /** A status outside our catalogue: its reason phrase as title, its name (or number) as code. */
    record OfStatus(HttpStatusCode status) implements ProblemType {

        @Override
        public String title() {
            return reasonPhrase();
        }

        @Override
        public String code() {
            HttpStatus known = HttpStatus.resolve(status.value());
            return known != null ? known.name() : "HTTP_" + status.value();
        }
    }
}
