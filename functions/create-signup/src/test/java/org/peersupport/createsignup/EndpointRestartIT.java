package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.Moto;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The AWS endpoint killed in the middle of a run of sign-ups and started again on the same port,
 * under one handler instance (one warm Lambda container): while it is down every sign-up is
 * answered 503 with Retry-After within the SDK's call timeout — no 500, no exception, no hung
 * request — and once it is back the same instance takes sign-ups again, with no restart.
 *
 * <p>What this cannot show: moto keeps everything in memory, so a restart loses its tables (they
 * are created again, with the same key ids through moto's seeded ids); DynamoDB's durability is
 * not ours to prove. The test is about the function's side: its clients and connection pool
 * recover by themselves.
 */
@Tag("faults")
class EndpointRestartIT {
    static final String GROUP = "connection-tue-downtown";

    @Test
    void endpointRestartedMidRun_signupsAre503WhileItIsDown_andTheSameInstanceRecovers() throws Exception {
        int port = Moto.Server.freeLoopbackPort();
        try (Moto.Server endpoint = new Moto.Server(port).start()) {
            seed(endpoint.endpoint());
            LocalDeployment deployment = LocalDeployment.create(StackTemplate.load(),
                    "r" + UUID.randomUUID().toString().substring(0, 8) + "-", Map.of("SignupsPerIpPerHour", "1000000"),
                    endpoint.endpoint());
            SampleData.load().writeTo(deployment);
            Env env = deployment.env("CreateSignupFunction");
            DynamoDbClient dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint.endpoint())
                    .httpClient(AwsClients.http()).region(AwsClients.region(env))
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                    .overrideConfiguration(AwsClients.timeouts()).build();
            KmsClient kms = KmsClient.builder().endpointOverride(endpoint.endpoint())
                    .httpClient(AwsClients.http()).region(AwsClients.region(env))
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                    .overrideConfiguration(AwsClients.timeouts()).build();
            CreateSignupHandler handler = new CreateSignupHandler(env, dynamoDb, kms, Clock.systemUTC());

            List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>()); // {phase, status, millis}
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean paused = new AtomicBoolean();
            AtomicBoolean inFlight = new AtomicBoolean();
            // 0 before, 1 down, 3 restarted and being filled again, 2 back; a request that began in one
            // phase and ended in another counts as 3 (it overlapped a change).
            java.util.concurrent.atomic.AtomicInteger phase = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService runner = Executors.newSingleThreadExecutor();
            Future<?> run = runner.submit(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!stop.get() && System.nanoTime() < deadline) {
                    inFlight.set(true);
                    if (paused.get()) {
                        inFlight.set(false);
                        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
                        continue;
                    }
                    int at = phase.get();
                    long started = System.nanoTime();
                    APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, 
                            SignupFixture.json(GROUP, SignupFixture.fields(PersonalData.person()), SignupFixture.freshIp()), null);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    if (response.getStatusCode() == 503) {
                        assertEquals("5", response.getHeaders().get("Retry-After"));
                    }
                    int end = phase.get();
                    results.add(new long[] {at == end ? at : 3, response.getStatusCode(), millis});
                    inFlight.set(false);
                }
            });
            awaitCount(results, 0, 202, 10);
            // Each phase is marked before the endpoint changes, never after: on a loaded machine a
            // request can fail against the killed endpoint before this thread gets to mark it.
            phase.set(1);
            endpoint.kill();
            awaitCount(results, 1, 503, 2);
            phase.set(3); // back, but empty: its tables and the groups are being created again
            endpoint.start();
            // The refill is the emulator's stand-in for durable storage, not something to test:
            // the loop waits, so that moto's seeded ids come out as before (same KMS key ids).
            paused.set(true);
            while (inFlight.get()) {
                Thread.sleep(10);
            }
            seed(endpoint.endpoint());
            deployment.reprovision();
            SampleData.load().writeTo(deployment);
            phase.set(2);
            paused.set(false);
            awaitCount(results, 2, 202, 10);
            stop.set(true);
            run.get(30, TimeUnit.SECONDS);
            runner.shutdownNow();

            List<long[]> all = new ArrayList<>(results);
            long maxMillis = all.stream().mapToLong(r -> r[2]).max().orElse(0);
            long down503 = all.stream().filter(r -> r[0] == 1 && r[1] == 503).count();
            long back202 = all.stream().filter(r -> r[0] == 2 && r[1] == 202).count();
            System.out.printf("FAULT endpoint restart: requests=%d before202=%d down503=%d back202=%d notFoundDuringRefill=%d maxMillis=%d%n",
                    all.size(), all.stream().filter(r -> r[0] == 0 && r[1] == 202).count(), down503, back202,
                    all.stream().filter(r -> r[1] == 404).count(), maxMillis);
            assertTrue(all.stream().allMatch(r -> r[1] == 202 || r[1] == 503 || r[0] == 3 && r[1] == 404),
                    "only 202 or 503 (and 404 while the emptied endpoint had no groups yet), never a 500");
            assertTrue(all.stream().filter(r -> r[0] == 0 || r[0] == 2).allMatch(r -> r[1] == 202),
                    "every request before the kill and after the refill is taken");
            assertTrue(maxMillis < 20_000, "every request answered within the SDK's call timeouts: " + maxMillis + " ms");
            // After the restart, answers are 202 again from the same instance, and they are stored.
            long stored = deployment.dynamoDb().scan(r -> r.tableName(deployment.physicalId("SignupsTable"))).items().stream()
                    .filter(i -> i.get("sk").s().startsWith("SIGNUP#")).count();
            assertTrue(stored >= back202, "every 202 after the restart is stored: " + stored + " < " + back202);
        }
    }

    /** moto's ids from a fixed seed, so the keys created again after a restart have the ids the function was given. */
    private static void seed(URI endpoint) throws Exception {
        HttpURLConnection seed = (HttpURLConnection) endpoint.resolve("/moto-api/seed?a=42").toURL().openConnection();
        seed.setRequestMethod("POST");
        assertEquals(200, seed.getResponseCode());
    }

    private static void awaitCount(List<long[]> results, int phase, int status, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            synchronized (results) {
                if (results.stream().filter(r -> r[0] == phase && r[1] == status).count() >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + count + " answers " + status + " in phase " + phase + " within 60 s");
    }
}
