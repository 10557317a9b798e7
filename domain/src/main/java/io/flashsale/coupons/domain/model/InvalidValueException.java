package io.flashsale.coupons.domain.model;

/**
 * A value broke a rule of the model. The message names the kind of value in the model's words
 * ("coupon name must not be blank"); {@link #rule()} is the rule alone, for callers that name the
 * value in their own words, such as the field of a request.
 */
public final class InvalidValueException extends RuntimeException {

    private final String rule;

    /**
     * @param subject what was refused, in the model's words ("coupon name", "amount")
     * @param rule    the rule it broke, to follow a name ("must not be blank")
     */
    public InvalidValueException(String subject, String rule) {
        super(subject + " " + rule);
        this.rule = rule;
    }

    /** The rule the value broke, such as "must not be blank". */
    public String rule() {
        return rule;
    }
}
