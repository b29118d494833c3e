package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
 * down ({@link AwsCallRecorder}, in each module's {@code target/aws-calls/}); this runs last and
 * checks them all ({@link LeastPrivilege}).
 *
 * <p>{@code ./run-tests --quick} leaves out the fuzz, fault, load and browser tests, whose calls
 * some grants are there for, so it sets {@code -Dleast-privilege.unused=ignore}: a quick run still
 * fails on a call a role would refuse.
 */
class LeastPrivilegeTest {
    @Test
    void everyCallAFunctionMade_isAllowedByItsRole_andEveryGrantWasNeeded() throws IOException {
        Path root = Repo.root();
        List<Path> directories = NoPersonalDataInLogsTest.moduleTargets(root).stream()
                .map(target -> target.resolve("aws-calls")).toList();
        CallRecords records = CallRecords.read(directories);
        assertTrue(!records.calls().isEmpty(), "no recorded AWS calls: run the suite (mvn verify) before this check");
        boolean requireEveryGrantUsed = !"ignore".equals(System.getProperty("least-privilege.unused"));
        LeastPrivilege.Report report = LeastPrivilege.check(StackTemplate.load(), Templates.translated(), records, root);
        System.out.println("least-privilege: " + records.calls().size() + " distinct calls, " + records.deployments().size()
                + " deployments; by function " + report.callsPerFunction() + "; by test code only "
                + report.callsUnattributed());
        if (!report.passed(requireEveryGrantUsed)) {
            fail("The roles in template.yaml do not fit what the functions do:\n" + report.describe(requireEveryGrantUsed));
        }
        if (!requireEveryGrantUsed && !report.unused().isEmpty()) {
            System.out.println("least-privilege: not checked in this run (-Dleast-privilege.unused=ignore): "
                    + report.unused().size() + " grant(s) no call of this run needed");
        }
    }
}
