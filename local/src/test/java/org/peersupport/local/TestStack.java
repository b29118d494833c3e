package org.peersupport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.peersupport.local.echo.EchoHandler;
import org.peersupport.testkit.Repo;

/**
 * The repository's template.yaml plus a test function ({@link EchoHandler}, loaded from the test
 * classes as Lambda would load a jar) with routes that exercise the gateway: public, greedy,
 * behind the staff JWT authorizer, behind {@code AWS_IAM} (not emulated), and one with a short
 * integration timeout.
 */
final class TestStack {
    static final String ECHO = """
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: %s
                  Handler: org.peersupport.local.echo.EchoHandler::handleRequest
                  Timeout: 2
                  Events:
                    Echo:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: ANY
                        Path: /echo/{proxy+}
                    EchoExact:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: GET
                        Path: /echo/exact
                    Item:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: POST
                        Path: /items/{itemId}
                    Staff:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: ANY
                        Path: /staff-echo/{proxy+}
                        Auth:
                          Authorizer: StaffJwt
                    NotEmulated:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: GET
                        Path: /iam-echo
                        Auth:
                          Authorizer: AWS_IAM
                    Slow:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: GET
                        Path: /slow
                        TimeoutInMillis: 500

            """;

    private TestStack() {
    }

    /**
     * Until create-signup is in the template, the sign-up route answers with the echo function, so
     * that the browser test can still see exactly what a form without JavaScript sends.
     */
    static final String SIGNUP_STAND_IN = """
                    SignupStandIn:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref Api
                        Method: POST
                        Path: /groups/{groupId}/signups
            """;

    /** A template file with the echo function added to the repository's resources. */
    static Path template() {
        return template("");
    }

    /** The same, with more events for the echo function (indented as its other events are). */
    static Path template(String moreEvents) {
        try {
            String template = Files.readString(Repo.root().resolve("template.yaml"), StandardCharsets.UTF_8);
            Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            int outputs = template.indexOf("\nOutputs:");
            String echo = ECHO.formatted(classes.toAbsolutePath()).stripTrailing() + "\n" + moreEvents + "\n";
            String combined = outputs < 0 ? template + "\n" + echo : template.substring(0, outputs + 1) + echo + template.substring(outputs + 1);
            Path file = Files.createTempFile("template-with-echo", ".yaml");
            Files.writeString(file, combined, StandardCharsets.UTF_8);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LocalServer.Options options(Path template) {
        return new LocalServer.Options(LocalServer.DEFAULT_HOST, 0, Map.of(),
                "t" + UUID.randomUUID().toString().substring(0, 8) + "-", template);
    }
}
