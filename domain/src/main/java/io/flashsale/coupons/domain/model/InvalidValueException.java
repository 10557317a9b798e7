package io.flashsale.coupons.domain.model;

/** A value broke a rule of the model; {@code field} names the input it came from. */
public final class InvalidValueException extends RuntimeException {

    private final String field;

    public InvalidValueException(String field, String message) {
        super(field + " " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
