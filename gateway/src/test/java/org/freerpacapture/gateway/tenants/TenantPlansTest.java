package org.freerpacapture.gateway.tenants;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantPlansTest {

    @Test
    void a_plans_file_names_tenants_and_gives_the_rest_the_defaults() {
        TenantPlans plans = TenantPlans.parse("""
                {"defaults": {"weight": 1, "requestsPerSecond": {"rate": 20}},
                 "tenants": {
                   "acme": {"weight": 3, "requestsPerSecond": {"rate": 5, "burst": 10},
                            "pagesPerSecond": {"rate": 20, "burst": 40},
                            "perKey": {"requestsPerSecond": {"rate": 2, "burst": 4}},
                            "pagesPerDay": 5000, "pagesPerMonth": 100000, "cloudBudgetPerMonth": 50.0}}}
                """, "plans.json");
        TenantPlans.Plan acme = plans.plan("acme");
        assertEquals(3, acme.weight());
        assertEquals(new TenantPlans.Rate(5, 10.0), acme.requestsPerSecond());
        assertEquals(4.0, acme.perKey().requestsPerSecond().burst());
        assertEquals(50.0, acme.cloudBudgetPerMonth());
        TenantPlans.Plan other = plans.plan("globex");
        assertEquals(1, other.weight());
        assertEquals(20.0, other.requestsPerSecond().burst(), "a burst defaults to one second's worth");
        assertNull(other.pagesPerDay());
        assertTrue(plans.limits());
        assertFalse(TenantPlans.NONE.limits());
        assertEquals(1, TenantPlans.NONE.plan("anyone").weight());
    }

    @Test
    void a_mistake_in_the_file_is_named_with_the_file() {
        for (String bad : new String[]{
                "{\"tenants\": {\"a\": {\"weight\": 0}}}",
                "{\"tenants\": {\"a\": {\"wieght\": 2}}}",
                "{\"tenants\": {\"a\": {\"requestsPerSecond\": {\"rate\": 0}}}}",
                "{\"tenants\": {\"a\": {\"requestsPerSecond\": {\"rate\": 5, \"burst\": 0.5}}}}",
                "{\"tenants\": {\"a\": {\"pagesPerDay\": -1}}}",
                "{\"tenants\": {\"a\": {\"cloudBudgetPerMonth\": -3}}}",
                "{\"tenants\": [1, 2]}",
                "not json"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TenantPlans.parse(bad, "plans.json"), bad);
            assertTrue(e.getMessage().startsWith("plans.json: "), e.getMessage());
        }
    }
}
