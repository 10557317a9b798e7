package io.flashsale.coupons.adapter.rest;

import io.flashsale.coupons.domain.model.InvalidValueException;
import java.util.function.Function;

/**
 * A field of a request body that the model refused or that is missing, named as the client sent it:
 * the detail of the 400 reads "{field} {rule}", such as "coupon_name must not be blank". The model
 * knows its rules, not the JSON field names; the request records label them here.
 */
final class InvalidFieldException extends RuntimeException {

    InvalidFieldException(String field, String rule) {
        super(field + " " + rule);
    }

    /**
     * The value that {@code parse} builds from field {@code field}.
     *
     * @throws InvalidFieldException naming {@code field} when the field is missing ({@code raw} is
     *                               null) or the model refuses its value
     */
    static <R, T> T parse(String field, R raw, Function<R, T> parse) {
        if (raw == null) {
            throw new InvalidFieldException(field, "is required");
        }
        try {
            return parse.apply(raw);
        } catch (InvalidValueException refused) {
            throw new InvalidFieldException(field, refused.rule());
        }
    }
}
