package io.flashsale.coupons.archfixtures.adapter.persistence;

import io.flashsale.coupons.archfixtures.adapter.rest.LeakyController;
import org.springframework.beans.factory.annotation.Autowired;

/** Wrong: field injection, a generic exception, and a cycle back to the REST adapter. */
public class JdbcThing {

    @Autowired
    private LeakyController controller;

    public void touch() {
        if (controller == null) {
            throw new RuntimeException("not wired");
        }
    }
}
