package io.flashsale.coupons.archfixtures.domain.port.in;

/** Wrong: an incoming port not named UseCase. */
public interface ClaimThing {

    void claim(String user);
}
