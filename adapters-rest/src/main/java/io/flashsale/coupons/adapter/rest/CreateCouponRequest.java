package io.flashsale.coupons.adapter.rest;

/** Body of {@code POST /api/coupons}. Missing fields arrive as null and are refused by the domain. */
record CreateCouponRequest(String name, Long amount) {
}
