package io.flashsale.coupons.adapter.rest;

/**
 * Example bodies of the successful answers, for the OpenAPI document; the error answers' examples
 * come from the catalogue ({@link ProblemResponsesCustomizer}).
 */
final class ApiDocumentation {

    static final String COUPON = """
            {"name": "PROMO_SUPER", "amount": 100, "remaining_amount": 98, "claimed_by": ["user_12345", "user_67890"]}""";
    static final String NEW_COUPON = """
            {"name": "PROMO_SUPER", "amount": 100, "remaining_amount": 100, "claimed_by": []}""";
    static final String CLAIM = """
            {"user_id": "user_12345", "coupon_name": "PROMO_SUPER"}""";

    private ApiDocumentation() {}
}
