/**
 * Deliberately wrong classes, one or more violations of each architecture rule, so that
 * {@code ArchitectureRulesCanFailTest} can prove every rule fails when it should. Never wired.
 */
package io.flashsale.coupons.archfixtures;
