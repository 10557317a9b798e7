package io.flashsale.coupons.adapter.rest;

/** Example bodies for the OpenAPI document: one per status and code of the contract. */
final class ApiDocumentation {

    static final String PROBLEM = "application/problem+json";

    static final String COUPON = """
            {"name": "PROMO_SUPER", "amount": 100, "remaining_amount": 98, "claimed_by": ["user_12345", "user_67890"]}""";
    static final String NEW_COUPON = """
            {"name": "PROMO_SUPER", "amount": 100, "remaining_amount": 100, "claimed_by": []}""";
    static final String CLAIM = """
            {"user_id": "user_12345", "coupon_name": "PROMO_SUPER"}""";
    static final String INVALID_REQUEST = """
            {"type": "urn:problem-type:flash-sale-coupons:invalid-request", "title": "Invalid request", "status": 400,
             "detail": "amount must be an integer between 1 and 2147483647", "code": "INVALID_REQUEST"}""";
    static final String COUPON_NOT_FOUND = """
            {"type": "urn:problem-type:flash-sale-coupons:coupon-not-found", "title": "Coupon not found", "status": 404,
             "detail": "no coupon is named 'PROMO_SUPER'", "code": "COUPON_NOT_FOUND"}""";
    static final String COUPON_ALREADY_EXISTS = """
            {"type": "urn:problem-type:flash-sale-coupons:coupon-already-exists", "title": "Coupon already exists",
             "status": 409, "detail": "a coupon named 'PROMO_SUPER' exists already", "code": "COUPON_ALREADY_EXISTS"}""";
    static final String COUPON_ALREADY_CLAIMED = """
            {"type": "urn:problem-type:flash-sale-coupons:coupon-already-claimed", "title": "Coupon already claimed",
             "status": 409, "detail": "user 'user_12345' already holds coupon 'PROMO_SUPER'",
             "code": "COUPON_ALREADY_CLAIMED"}""";
    static final String COUPON_SOLD_OUT = """
            {"type": "urn:problem-type:flash-sale-coupons:coupon-sold-out", "title": "Coupon sold out", "status": 409,
             "detail": "coupon 'PROMO_SUPER' has no units left", "code": "COUPON_SOLD_OUT"}""";
    static final String PAYLOAD_TOO_LARGE = """
            {"type": "urn:problem-type:flash-sale-coupons:payload-too-large", "title": "Request body too large",
             "status": 413, "detail": "the request body must be at most 16384 bytes", "code": "PAYLOAD_TOO_LARGE"}""";
    static final String UNSUPPORTED_MEDIA_TYPE = """
            {"type": "urn:problem-type:flash-sale-coupons:unsupported-media-type", "title": "Unsupported media type",
             "status": 415, "detail": "Content-Type 'text/plain' is not supported.", "code": "UNSUPPORTED_MEDIA_TYPE"}""";
    static final String SERVICE_UNAVAILABLE = """
            {"type": "urn:problem-type:flash-sale-coupons:service-unavailable", "title": "Service unavailable",
             "status": 503, "detail": "the service is busy, try again shortly", "code": "SERVICE_UNAVAILABLE"}""";

    private ApiDocumentation() {
    }
}
