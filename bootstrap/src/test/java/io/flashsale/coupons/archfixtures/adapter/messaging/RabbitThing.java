package io.flashsale.coupons.archfixtures.adapter.messaging;

import io.flashsale.coupons.archfixtures.adapter.persistence.JdbcThing;
import io.flashsale.coupons.archfixtures.application.ClaimThingService;

/** Wrong: the messaging adapter calling the application and the persistence adapter. */
public class RabbitThing {

    private final ClaimThingService service;
    private final JdbcThing outbox;

    public RabbitThing(ClaimThingService service, JdbcThing outbox) {
        this.service = service;
        this.outbox = outbox;
    }

    public void relay(String user) {
        outbox.touch();
        service.claim(user);
    }
}
