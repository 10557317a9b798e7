package io.flashsale.coupons.archfixtures.adapter.rest;

import io.flashsale.coupons.archfixtures.adapter.persistence.JdbcThing;
import io.flashsale.coupons.archfixtures.application.ClaimThingService;

/** Wrong: an adapter calling the application and the other adapter. */
public class LeakyController {

    private final ClaimThingService service;
    private final JdbcThing jdbc;

    public LeakyController(ClaimThingService service, JdbcThing jdbc) {
        this.service = service;
        this.jdbc = jdbc;
    }

    public void claim(String user) {
        service.claim(user);
        jdbc.touch();
    }
}
