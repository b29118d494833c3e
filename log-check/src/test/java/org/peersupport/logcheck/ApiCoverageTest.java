package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.api.ApiCalls;
import org.peersupport.testkit.api.ApiCoverage;

/**
 * The suite-wide tally of the exchanges checked against openapi.yaml. Every test JVM counted the
 * request/response pairs it checked, per route and status ({@link ApiCalls}, written to each
 * module's {@code target/api-exchanges/}); this runs after them, prints the counts of that run
 * ({@link SuiteRun}), and fails if any exchange was not described by the document (its test failed
 * too, unless something swallowed the failure) or, when every module was built, if a route of
 * template.yaml had none (nothing holds it to the document).
 */
class ApiCoverageTest {
    @Test
    void everyRouteOfTheTemplate_hadExchangesChecked_andTheDocumentDescribedThemAll() throws IOException {
        SuiteRun run = SuiteRun.of(Repo.root());
        ApiCoverage.Tally tally = ApiCoverage.read(run.inEveryTarget("api-exchanges"), run::written);
        if (tally.total() == 0 && run.partial()) {
            System.out.println("api-check: no module built in this run checked an exchange against openapi.yaml");
            return;
        }
        assertTrue(tally.total() > 0, "no checked exchanges recorded in this run: run the suite (./run-tests) before this check");

        List<String> unchecked = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        table.append("api-check: ").append(tally.total()).append(" request/response pairs checked against openapi.yaml, by route:\n");
        for (StackTemplate.Route route : StackTemplate.load().routes()) {
            long checked = tally.checked(route.routeKey());
            if (checked == 0) {
                unchecked.add(route.routeKey());
            }
            table.append(String.format("  %-38s %7d  %s%n", route.routeKey(), checked,
                    statuses(tally.counts().getOrDefault(route.routeKey(), Map.of()))));
        }
        System.out.print(table);

        if (!tally.failures().isEmpty()) {
            fail(tally.failures().size() + " exchange(s) the document does not describe:\n"
                    + String.join("\n", tally.failures().subList(0, Math.min(20, tally.failures().size()))));
        }
        if (!unchecked.isEmpty() && run.partial()) {
            System.out.println("api-check: " + unchecked.size() + " route(s) with no exchange are not judged: "
                    + "only some modules were built");
        } else if (!unchecked.isEmpty()) {
            fail("No test checked any exchange of " + unchecked + " against openapi.yaml. Invoke the handler through "
                    + "testkit's ApiCalls.handle (or call the route through the local gateway) in a test of the route.");
        }
    }

    private static String statuses(Map<Integer, Long> byStatus) {
        List<String> parts = new ArrayList<>();
        byStatus.forEach((status, count) -> parts.add(status + " x" + count));
        return parts.isEmpty() ? "" : "(" + String.join(", ", parts) + ")";
    }
}
