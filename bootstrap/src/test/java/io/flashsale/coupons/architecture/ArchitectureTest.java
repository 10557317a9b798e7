package io.flashsale.coupons.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The service's own classes keep the hexagon's rules. */
class ArchitectureTest {

    private static final JavaClasses SERVICE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // Test helpers shared as a test-jar are not the service either.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.flashsale.coupons");

    private final ArchitectureRules rules = new ArchitectureRules("io.flashsale.coupons");

    @Test
    void domain_depends_on_the_jdk_only() {
        rules.domain_depends_on_the_jdk_only().check(SERVICE);
    }

    @Test
    void application_depends_on_the_domain_and_the_jdk_only() {
        rules.application_depends_on_the_domain_and_the_jdk_only().check(SERVICE);
    }

    @Test
    void adapters_never_depend_on_the_application() {
        rules.adapters_never_depend_on_the_application().check(SERVICE);
    }

    @Test
    void adapters_never_depend_on_each_other() {
        rules.adapters_never_depend_on_each_other().check(SERVICE);
    }

    @Test
    void incoming_ports_implemented_by_the_application_are_named_use_case() {
        rules.incoming_ports_implemented_by_the_application_are_named_use_case().check(SERVICE);
    }

    @Test
    void use_cases_are_interfaces_in_the_incoming_ports() {
        rules.use_cases_are_interfaces_in_the_incoming_ports().check(SERVICE);
    }

    @Test
    void outgoing_ports_are_interfaces_named_repository_or_publisher() {
        rules.outgoing_ports_are_interfaces_named_repository_or_publisher().check(SERVICE);
    }

    @Test
    void outgoing_ports_never_depend_on_incoming_ports() {
        rules.outgoing_ports_never_depend_on_incoming_ports().check(SERVICE);
    }

    /** The adapter rules match packages by pattern; this proves each adapter is really among the classes checked. */
    @Test
    void every_adapter_module_is_among_the_classes_the_rules_check() {
        org.assertj.core.api.Assertions.assertThat(
                        SERVICE.stream().map(type -> type.getPackageName()).distinct())
                .contains(
                        "io.flashsale.coupons.adapter.rest",
                        "io.flashsale.coupons.adapter.persistence",
                        "io.flashsale.coupons.adapter.messaging");
    }

    @Test
    void packages_are_free_of_cycles() {
        rules.packages_are_free_of_cycles().check(SERVICE);
    }

    @Test
    void no_field_injection() {
        rules.no_field_injection().check(SERVICE);
    }

    @Test
    void no_generic_exceptions_thrown() {
        rules.no_generic_exceptions_thrown().check(SERVICE);
    }

    @Test
    void no_standard_streams() {
        rules.no_standard_streams().check(SERVICE);
    }
}
