package io.flashsale.coupons.adapter.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors an endpoint answers with, for its OpenAPI document: {@link ProblemResponsesCustomizer}
 * turns them into one response per status, with each error's problem as the API writes it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ProblemResponses {

    ApiError[] value();
}
