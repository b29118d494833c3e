import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the same tests again and again in one JVM (one moto_server, as in a build) and counts how
 * each run ended: scripts/repeat-tests starts it with a module's test classpath.
 *
 * <pre>java -cp CLASSPATH scripts/RepeatTests.java COUNT Class#method [Class#method | Class ...]</pre>
 */
public class RepeatTests {
    public static void main(String[] args) {
        int count = Integer.parseInt(args[0]);
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            selectors.add(args[i].contains("#") ? DiscoverySelectors.selectMethod(args[i])
                    : DiscoverySelectors.selectClass(args[i]));
        }
        Launcher launcher = LauncherFactory.create();
        Map<String, Integer> failures = new TreeMap<>();
        long tests = 0;
        long failed = 0;
        long started = System.nanoTime();
        for (int run = 1; run <= count; run++) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            launcher.execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            tests += summary.getTestsStartedCount();
            failed += summary.getTotalFailureCount();
            for (TestExecutionSummary.Failure failure : summary.getFailures()) {
                String message = String.valueOf(failure.getException().getMessage());
                failures.merge(failure.getTestIdentifier().getDisplayName() + ": "
                        + message.lines().findFirst().orElse(""), 1, Integer::sum);
            }
            System.out.printf("REPEAT run %d/%d: %d tests, %d failed%n", run, count,
                    summary.getTestsStartedCount(), summary.getTotalFailureCount());
        }
        System.out.printf("REPEAT total: %d runs, %d tests, %d failed, %.0f s%n", count, tests, failed,
                (System.nanoTime() - started) / 1e9);
        failures.forEach((what, times) -> System.out.println("REPEAT failure x" + times + ": " + what));
        System.exit(failed == 0 ? 0 : 1);
    }
}
