package io.flashsale.coupons.adapter.persistence;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Just the persistence adapter, DataSource and Liquibase. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PersistenceAdapterConfiguration.class)
class PersistenceTestApplication {}
