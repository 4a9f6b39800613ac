/**
 * Tenants: who calls the public API, and what each may use of it (shares of the engine, rates, page quotas, cloud
 * budgets). Operators' guide: {@code docs/tenants.md}.
 */
package org.freerpacapture.gateway.tenants;
