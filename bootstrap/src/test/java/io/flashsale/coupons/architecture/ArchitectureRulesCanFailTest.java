package io.flashsale.coupons.architecture;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Each rule, checked against the deliberately wrong classes in {@code archfixtures}, fails and names them. */
class ArchitectureRulesCanFailTest {

    private static final JavaClasses WRONG =
            new ClassFileImporter().importPackages("io.flashsale.coupons.archfixtures");

    private final ArchitectureRules rules = new ArchitectureRules("io.flashsale.coupons.archfixtures");

    @Test
    void domain_depends_on_the_jdk_only_fails_on_a_spring_dependency() {
        assertFailsNaming(
                rules.domain_depends_on_the_jdk_only(), "FrameworkBoundCoupon", "org.springframework.util.Assert");
    }

    @Test
    void application_depends_on_the_domain_and_the_jdk_only_fails_on_a_spring_annotation() {
        assertFailsNaming(
                rules.application_depends_on_the_domain_and_the_jdk_only(),
                "ClaimThingService",
                "org.springframework.stereotype.Service");
    }

    @Test
    void adapters_never_depend_on_the_application_fails_on_a_service_call() {
        assertFailsNaming(rules.adapters_never_depend_on_the_application(), "LeakyController", "ClaimThingService");
    }

    @Test
    void adapters_never_depend_on_the_application_fails_on_the_messaging_adapter_calling_a_service() {
        assertFailsNaming(rules.adapters_never_depend_on_the_application(), "RabbitThing", "ClaimThingService");
    }

    @Test
    void adapters_never_depend_on_each_other_fails_on_rest_calling_persistence() {
        assertFailsNaming(rules.adapters_never_depend_on_each_other(), "LeakyController", "JdbcThing");
    }

    @Test
    void adapters_never_depend_on_each_other_fails_on_messaging_calling_persistence() {
        assertFailsNaming(rules.adapters_never_depend_on_each_other(), "RabbitThing", "JdbcThing");
    }

    @Test
    void incoming_ports_implemented_by_the_application_are_named_use_case_fails_on_claim_thing() {
        assertFailsNaming(rules.incoming_ports_implemented_by_the_application_are_named_use_case(), "ClaimThing");
    }

    @Test
    void use_cases_are_interfaces_in_the_incoming_ports_fails_on_a_use_case_class() {
        assertFailsNaming(rules.use_cases_are_interfaces_in_the_incoming_ports(), "SneakyUseCase");
    }

    @Test
    void outgoing_ports_are_interfaces_named_repository_or_publisher_fails_on_coupon_store() {
        assertFailsNaming(rules.outgoing_ports_are_interfaces_named_repository_or_publisher(), "CouponStore");
    }

    @Test
    void outgoing_ports_never_depend_on_incoming_ports_fails_on_a_repository_taking_a_use_case_type() {
        assertFailsNaming(rules.outgoing_ports_never_depend_on_incoming_ports(), "ClaimThingRepository", "ClaimThing");
    }

    @Test
    void packages_are_free_of_cycles_fails_on_adapters_calling_each_other() {
        assertFailsNaming(rules.packages_are_free_of_cycles(), "Cycle detected", "JdbcThing", "LeakyController");
    }

    @Test
    void no_field_injection_fails_on_an_autowired_field() {
        assertFailsNaming(rules.no_field_injection(), "JdbcThing.controller");
    }

    @Test
    void no_generic_exceptions_thrown_fails_on_runtime_exception() {
        assertFailsNaming(rules.no_generic_exceptions_thrown(), "JdbcThing.touch()", "RuntimeException");
    }

    @Test
    void no_standard_streams_fails_on_system_out() {
        assertFailsNaming(rules.no_standard_streams(), "ClaimThingService.claim(java.lang.String)", "System.out");
    }

    private static void assertFailsNaming(ArchRule rule, String... fragments) {
        assertThatThrownBy(() -> rule.check(WRONG))
                .isInstanceOf(AssertionError.class)
                .hasMessageContainingAll(fragments);
    }
}
