package io.flashsale.coupons.domain.model;

/** Who claims a coupon: an opaque, case-sensitive id chosen by the client. */
public record UserId(String value) {

    public UserId {
        Identifier.requireValid("user id", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
