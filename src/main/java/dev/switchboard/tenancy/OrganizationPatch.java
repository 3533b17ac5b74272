package dev.switchboard.tenancy;

import java.util.List;
import java.util.Map;

/**
 * A partial change to the organization: null leaves a field as it is. {@code budget} holds the request budget
 * fields the request named; a null value there returns that field to the server's default. {@code identity} holds the
 * single sign-on settings the request named.
 */
public record OrganizationPatch(String name, String timezone, String defaultLanguage, Boolean selfRegistration,
                                Role selfRegistrationRole, List<String> allowedEmailDomains, Map<String, Integer> budget,
                                IdentitySettings.Patch identity) {

    OrganizationSettings applyTo(OrganizationSettings before) {
        RequestBudgetSettings b = before.requestBudget();
        RequestBudgetSettings budgetAfter = new RequestBudgetSettings(
                budget.containsKey("userRequests") ? budget.get("userRequests") : b.userRequests(),
                budget.containsKey("userWindowSeconds") ? budget.get("userWindowSeconds") : b.userWindowSeconds(),
                budget.containsKey("organizationRequests") ? budget.get("organizationRequests") : b.organizationRequests(),
                budget.containsKey("organizationWindowSeconds") ? budget.get("organizationWindowSeconds") : b.organizationWindowSeconds());
        return before.with(
                name != null ? name : before.name(),
                timezone != null ? timezone : before.timezone(),
                defaultLanguage != null ? defaultLanguage : before.defaultLanguage(),
                selfRegistration != null ? selfRegistration : before.selfRegistration(),
                selfRegistrationRole != null ? selfRegistrationRole : before.selfRegistrationRole(),
                allowedEmailDomains != null ? allowedEmailDomains : before.allowedEmailDomains(),
                budgetAfter,
                identity.applyTo(before.identity()));
    }
}
