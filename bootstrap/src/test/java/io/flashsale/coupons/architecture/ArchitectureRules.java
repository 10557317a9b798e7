package io.flashsale.coupons.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The hexagon's rules, for the classes under one base package: the service's own, or the
 * deliberately wrong fixtures that prove each rule can fail.
 */
final class ArchitectureRules {

    private final String domain;
    private final String application;
    private final String adapters;
    private final String base;

    ArchitectureRules(String basePackage) {
        this.base = basePackage;
        this.domain = basePackage + ".domain..";
        this.application = basePackage + ".application..";
        this.adapters = basePackage + ".adapter..";
    }

    ArchRule domain_depends_on_the_jdk_only() {
        return classes()
                .that()
                .resideInAPackage(domain)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", domain)
                .because("the model and its ports must outlive any framework");
    }

    ArchRule application_depends_on_the_domain_and_the_jdk_only() {
        return classes()
                .that()
                .resideInAPackage(application)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", domain, application)
                .because("use cases are plain Java, wired by bootstrap");
    }

    ArchRule adapters_never_depend_on_the_application() {
        return noClasses()
                .that()
                .resideInAPackage(adapters)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(application)
                .because("adapters talk to the core through the ports in domain only");
    }

    ArchRule adapters_never_depend_on_each_other() {
        return slices().matching(base + ".adapter.(*)..")
                .should()
                .notDependOnEachOther()
                .because("the web, the database and the broker know nothing of one another");
    }

    ArchRule incoming_ports_implemented_by_the_application_are_named_use_case() {
        return classes()
                .that()
                .resideInAPackage(base + ".domain.port.in..")
                .and()
                .areInterfaces()
                .and(implementedIn(application))
                .should()
                .haveSimpleNameEndingWith("UseCase")
                .because("an incoming port is one use case");
    }

    ArchRule use_cases_are_interfaces_in_the_incoming_ports() {
        return classes()
                .that()
                .haveSimpleNameEndingWith("UseCase")
                .should()
                .beInterfaces()
                .andShould()
                .resideInAPackage(base + ".domain.port.in..");
    }

    ArchRule outgoing_ports_are_interfaces_named_repository_or_publisher() {
        return classes()
                .that()
                .resideInAPackage(base + ".domain.port.out..")
                .and()
                .areInterfaces()
                .and()
                .areTopLevelClasses()
                .should()
                .haveSimpleNameEndingWith("Repository")
                .orShould()
                .haveSimpleNameEndingWith("Publisher")
                .because("outgoing ports are the repositories the core needs and the publishers it hands events to");
    }

    ArchRule outgoing_ports_never_depend_on_incoming_ports() {
        return noClasses()
                .that()
                .resideInAPackage(base + ".domain.port.out..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(base + ".domain.port.in..")
                .because("what storage and the broker see lives in the model, so the use cases can change "
                        + "without touching a repository");
    }

    ArchRule packages_are_free_of_cycles() {
        return slices().matching(base + ".(**)").should().beFreeOfCycles();
    }

    ArchRule no_field_injection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION.because(
                "dependencies arrive through constructors, so every object is complete when built");
    }

    ArchRule no_generic_exceptions_thrown() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
    }

    ArchRule no_standard_streams() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because("we log through SLF4J");
    }

    private static DescribedPredicate<JavaClass> implementedIn(String packageIdentifier) {
        PackageMatcher matcher = PackageMatcher.of(packageIdentifier);
        return DescribedPredicate.describe(
                "are implemented in " + packageIdentifier,
                type -> type.getAllSubclasses().stream().anyMatch(sub -> matcher.matches(sub.getPackageName())));
    }
}
