package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.calls.AwsCallRecorder;
import org.peersupport.testkit.calls.CallRecords;
import org.peersupport.testkit.calls.LeastPrivilege;
import org.peersupport.testkit.calls.Templates;

/**
 * The suite-wide proof that each function's role, as SAM deploys it, allows every AWS call the
 * function made in the tests and grants nothing they did not need. Every test JVM wrote its calls
 * down ({@link AwsCallRecorder}, in each module's {@code target/aws-calls/}); this runs after them
 * and checks every call recorded in that run ({@link LeastPrivilege}, {@link SuiteRun}).
 *
 * <p>{@code ./run-tests --quick} leaves out the fuzz, fault, load and browser tests, whose calls
 * some grants are there for, so it sets {@code -Dleast-privilege.unused=ignore}: a quick run still
 * fails on a call a role would refuse. So does a run of some modules only, which cannot say what
 * the others needed.
 */
class LeastPrivilegeTest {
    @Test
    void everyCallAFunctionMade_isAllowedByItsRole_andEveryGrantWasNeeded() throws IOException {
        SuiteRun run = SuiteRun.of(Repo.root());
        Path root = run.root();
        CallRecords records = CallRecords.read(run.inEveryTarget("aws-calls"), run::written);
        if (records.calls().isEmpty() && run.partial()) {
            System.out.println("least-privilege: no module built in this run made an AWS call");
            return;
        }
        assertTrue(!records.calls().isEmpty(), "no AWS calls recorded in this run: run the suite (./run-tests) before this check");
        boolean requireEveryGrantUsed = !run.partial() && !"ignore".equals(System.getProperty("least-privilege.unused"));
        LeastPrivilege.Report report = LeastPrivilege.check(StackTemplate.load(), Templates.translated(), records, root);
        System.out.println("least-privilege: " + records.calls().size() + " distinct calls, " + records.deployments().size()
                + " deployments; by function " + report.callsPerFunction() + "; by test code only "
                + report.callsUnattributed());
        if (!report.passed(requireEveryGrantUsed)) {
            fail("The roles in template.yaml do not fit what the functions do:\n" + report.describe(requireEveryGrantUsed));
        }
        if (!requireEveryGrantUsed && !report.unused().isEmpty()) {
            System.out.println("least-privilege: not checked in this run (" + (run.partial() ? "some modules only"
                    : "-Dleast-privilege.unused=ignore") + "): "
                    + report.unused().size() + " grant(s) no call of this run needed");
        }
    }
}
