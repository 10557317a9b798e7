package io.flashsale.coupons.archfixtures.application;

/** Wrong: a use case that is a class, outside the incoming ports. */
public class SneakyUseCase {}
