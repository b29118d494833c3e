package org.peersupport.testkit.api;

import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose exchanges the document did not describe when they were checked off its own
 * thread (the local gateway's, a worker's), and writes the JVM's counts after each test class.
 * Registered for every test JVM with the testkit on its class path (JUnit's extension
 * auto-detection, switched on in the parent pom).
 */
public final class ApiContractExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        ApiCoverage.testStarted();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        failIfAny(ApiCoverage.takeUnreported());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ApiCoverage.write();
        failIfAny(ApiCoverage.takeUnreported());
    }

    private static void failIfAny(List<String> failures) {
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " exchange(s) not described by openapi.yaml:\n"
                    + String.join("\n", failures));
        }
    }
}
