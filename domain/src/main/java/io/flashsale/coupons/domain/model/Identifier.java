package io.flashsale.coupons.domain.model;

/** The rules shared by every name a client gives us: coupon names and user ids. */
final class Identifier {

    static final int MAX_LENGTH = 100;

    private Identifier() {}

    /**
     * Returns {@code value} when it is a valid name or user id; throws {@link InvalidValueException}
     * about {@code subject} (such as "coupon name") otherwise. The rules are the contract's (api-contract.md, "Validation").
     */
    static String requireValid(String subject, String value) {
        if (value == null) {
            throw new InvalidValueException(subject, "is required");
        }
        if (value.isBlank()) {
            throw new InvalidValueException(subject, "must not be blank");
        }
        int length = value.codePointCount(0, value.length());
        if (length > MAX_LENGTH) {
            throw new InvalidValueException(subject, "must be at most " + MAX_LENGTH + " characters, was " + length);
        }
        // Clients remove these path segments before sending (RFC 3986, 5.2.4), even percent-encoded,
        // so the Location of such a coupon would lead elsewhere and it could never be read.
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidValueException(subject, "must not be '.' or '..'");
        }
        if (!value.equals(value.strip())) {
            throw new InvalidValueException(subject, "must not start or end with whitespace");
        }
        value.codePoints().forEach(c -> {
            if (Character.getType(c) == Character.CONTROL) {
                throw new InvalidValueException(subject, "must not contain control characters");
            }
            // A lone surrogate is not text: PostgreSQL could not store it as UTF-8.
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                throw new InvalidValueException(subject, "must be valid Unicode text");
            }
            if (c == '/') {
                throw new InvalidValueException(subject, "must not contain '/'");
            }
        });
        return value;
    }
}
