package org.peersupport.testkit.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;

/**
 * The least-privilege check itself, on template.yaml and on copies of it with one thing changed,
 * against calls as the recorder writes them (the requests are those of the real code, copied from
 * a recording). Each variant shows that a role change AWS would refuse, or a grant nothing needs,
 * fails the build, and what the message tells the reader.
 */
class LeastPrivilegeCheckTest {
    static final Path ROOT = Repo.root();
    static final String PREFIX = "t0000test-";
    static final String CREATE_SIGNUP = ROOT.resolve("functions/create-signup/target/classes").toString();
    static final String MAILER = ROOT.resolve("functions/send-confirmation/target/function.jar").toString();

    /** create-signup reading a sign-up's state (SignupStore.submit), as recorded. */
    static final String READ_STATE = """
            {"TableName":"t0000test-SignupsTable","Key":{"pk":"?","sk":"?"},"ConsistentRead":true,
             "ProjectionExpression":"signupId, #status, expiresAt, messageCount, lastConfirmRequestAt, lastDetailsAt",
             "ExpressionAttributeNames":{"#status":"status"}}""";
    static final String HASH = """
            {"Message":"?","KeyId":"key-EmailHashKey","MacAlgorithm":"HMAC_SHA_256"}""";
    static final String READ_GROUP = """
            {"TableName":"t0000test-GroupsTable","Key":{"id":"?"}}""";
    static final String SEND = """
            {"FromEmailAddress":"groups@example.org","Destination":{"ToAddresses":["?"]},
             "Content":{"Raw":{"Data":"?"}},"ConfigurationSetName":"t0000test-EmailConfigurationSet"}""";

    static CallRecords.Call call(String code, String service, String operation, String request) {
        return new CallRecords.Call(service, operation, null, List.of(code), Json.parseObject(request));
    }

    @Test
    void anAttributesConditionWithoutTheKeys_refusesEveryRead_namingTheKeyAttributes() {
        // As a statement once read [version, placesByExpiryDay]: in AWS, every sign-up's read refused.
        LeastPrivilege.Report report = check("state-without-keys", call(CREATE_SIGNUP, "DynamoDb", "GetItem", READ_STATE));
        assertEquals(1, report.denied().size(), report.denied().toString());
        assertMentions(report.denied().get(0), "CreateSignupFunction", "DynamoDB GetItem on SignupsTable",
                "ReadSignupStateOnly", "include pk, sk, which it does not list");
        assertEquals(List.of(), check("template.yaml", call(CREATE_SIGNUP, "DynamoDb", "GetItem", READ_STATE)).denied(),
                "the fixed statement allows it");
    }

    @Test
    void aReadOfEveryAttribute_isRefusedWhereTheRoleNamesAttributes() {
        String everything = READ_STATE.replace(",\n \"ProjectionExpression\":\"signupId, #status, expiresAt, messageCount, lastConfirmRequestAt, lastDetailsAt\",\n \"ExpressionAttributeNames\":{\"#status\":\"status\"}", "");
        LeastPrivilege.Report report = check("template.yaml", call(CREATE_SIGNUP, "DynamoDb", "GetItem", everything));
        assertEquals(1, report.denied().size(), report.denied().toString());
        assertTrue(report.denied().get(0).contains("every attribute"), report.denied().get(0));
    }

    @Test
    void aNeededActionRemoved_failsNamingTheFunctionTheCallAndTheMissingAction() {
        LeastPrivilege.Report report = check("no-generate-mac", call(CREATE_SIGNUP, "Kms", "GenerateMac", HASH));
        assertEquals(1, report.denied().size(), report.denied().toString());
        assertMentions(report.denied().get(0), "CreateSignupFunction", "KMS GenerateMac with EmailHashKey",
                "no statement allows kms:GenerateMac on ${EmailHashKey.Arn}",
                "(missing action)");
    }

    @Test
    void anActionNoCallNeeded_failsNamingTheFunctionTheActionAndTheStatement() {
        LeastPrivilege.Report report = check("scan-groups-too", call(CREATE_SIGNUP, "DynamoDb", "GetItem", READ_GROUP));
        assertEquals(List.of(), report.denied());
        List<String> scan = report.unused().stream().filter(u -> u.startsWith("CreateSignupFunction: dynamodb:Scan")).toList();
        assertEquals(List.of("CreateSignupFunction: dynamodb:Scan on ${GroupsTable.Arn}, granted by ReadGroupRules "
                + "(CreateSignupFunctionRolePolicy0), was needed by no call in the test suite"), scan);
        assertTrue(report.unused().stream().noneMatch(u -> u.startsWith("CreateSignupFunction: dynamodb:GetItem on ${GroupsTable")),
                "the GetItem the call needed is used");
    }

    @Test
    void aTableEncryptedWithTheDataKey_needsKmsDecryptThroughDynamoDb() {
        LeastPrivilege.Report report = check("no-decrypt", call(CREATE_SIGNUP, "DynamoDb", "GetItem", READ_STATE));
        assertEquals(1, report.denied().size(), report.denied().toString());
        assertTrue(report.denied().get(0).contains("KMS Decrypt of SignupsTable's table key"), report.denied().get(0));
        LeastPrivilege.Report viaSqs = check("decrypt-via-sqs", call(CREATE_SIGNUP, "DynamoDb", "GetItem", READ_STATE));
        assertEquals(1, viaSqs.denied().size(), viaSqs.denied().toString());
        assertTrue(viaSqs.denied().get(0).contains("kms:ViaService [sqs.us-east-1.amazonaws.com] does not hold for "
                + "[dynamodb.us-east-1.amazonaws.com]"), viaSqs.denied().get(0));
    }

    @Test
    void sending_needsTheSenderIdentityAndTheConfigurationSet_fromTheSenderAddress() {
        CallRecords.Call send = call(MAILER, "SesV2", "SendEmail", SEND);
        assertEquals(List.of(), check("template.yaml", send).denied());
        LeastPrivilege.Report report = check("no-configuration-set", send);
        assertEquals(2, report.denied().size(), "SendRawEmail and SendEmail, each refused on the configuration set: "
                + report.denied());
        assertTrue(report.denied().get(0).contains("configuration-set/${EmailConfigurationSet} (missing action)"),
                report.denied().get(0));
        LeastPrivilege.Report otherSender = check("template.yaml", call(MAILER, "SesV2", "SendEmail",
                SEND.replace("groups@example.org", "someone.else@example.org")));
        assertTrue(otherSender.denied().stream().anyMatch(d -> d.contains("ses:FromAddress [groups@example.org] does not hold for "
                + "[someone.else@example.org]")), otherSender.denied().toString());
    }

    // --- helpers ------------------------------------------------------------------------------

    static void assertMentions(String message, String... expected) {
        for (String part : expected) {
            assertTrue(message.contains(part), part + " in: " + message);
        }
    }

    static String template() {
        try {
            return Files.readString(ROOT.resolve("template.yaml"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** template.yaml and the variants the tests check, each with SAM's transform of it (one run of SAM for all). */
    static final Map<String, StackTemplate[]> TEMPLATES = new LinkedHashMap<>();

    @BeforeAll
    static void translate() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("template.yaml", template());
        texts.put("state-without-keys", variant("dynamodb:Attributes: [pk, sk, signupId, status, expiresAt, messageCount, lastConfirmRequestAt, lastDetailsAt]",
                "dynamodb:Attributes: [signupId, status, expiresAt, messageCount, lastConfirmRequestAt, lastDetailsAt]"));
        texts.put("no-generate-mac", variant("- Sid: HashEmailsAndSourceIps\n              Effect: Allow\n"
                + "              Action: kms:GenerateMac", "- Sid: HashEmailsAndSourceIps\n              Effect: Allow\n"
                + "              Action: kms:Verify"));
        texts.put("scan-groups-too", variant("Action: dynamodb:GetItem\n              Resource: !GetAtt GroupsTable.Arn\n"
                + "            - Sid: ReadSignupStateOnly", "Action: [dynamodb:GetItem, dynamodb:Scan]\n"
                + "              Resource: !GetAtt GroupsTable.Arn\n            - Sid: ReadSignupStateOnly"));
        texts.put("no-decrypt", variant("- Sid: UseTheDataKeyThroughDynamoDb\n              Effect: Allow\n"
                + "              Action: kms:Decrypt\n", "- Sid: UseTheDataKeyThroughDynamoDb\n              Effect: Allow\n"
                + "              Action: kms:ReEncryptFrom\n"));
        texts.put("decrypt-via-sqs", variant("kms:ViaService: !Sub dynamodb.${AWS::Region}.amazonaws.com",
                "kms:ViaService: !Sub sqs.${AWS::Region}.amazonaws.com"));
        texts.put("no-configuration-set", variant("                - !Sub arn:${AWS::Partition}:ses:${AWS::Region}:"
                + "${AWS::AccountId}:configuration-set/${EmailConfigurationSet}\n", ""));
        List<Path> files = new ArrayList<>();
        try {
            for (String text : texts.values()) {
                Path file = Files.createTempFile("template-variant", ".yaml");
                Files.writeString(file, text, StandardCharsets.UTF_8);
                files.add(file);
            }
            List<StackTemplate> translated = Templates.translated(files);
            int i = 0;
            for (String name : texts.keySet()) {
                TEMPLATES.put(name, new StackTemplate[] {StackTemplate.load(files.get(i)), translated.get(i)});
                i++;
            }
        } finally {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** The check of these calls against a template (by name), in one deployment of it with the template's defaults. */
    static LeastPrivilege.Report check(String template, CallRecords.Call... calls) {
        StackTemplate[] both = TEMPLATES.get(template);
        return LeastPrivilege.check(both[0], both[1], new CallRecords(List.of(calls), Map.of(PREFIX, deployment(both[0]))), ROOT);
    }

    /** A deployment as LocalDeployment records one: resources named after the prefix, defaults (or the local run's values) for parameters. */
    static CallRecords.Deployment deployment(StackTemplate template) {
        String arn = "arn:aws:%s:us-east-1:123456789012:%s";
        Map<String, String> refs = new LinkedHashMap<>();
        Map<String, String> attributes = new LinkedHashMap<>();
        template.resources().forEach((id, value) -> {
            String name = PREFIX + id;
            switch (template.type(id)) {
                case "AWS::DynamoDB::Table" -> {
                    refs.put(id, name);
                    attributes.put(id + ".Arn", arn.formatted("dynamodb", "table/" + name));
                    attributes.put(id + ".StreamArn", arn.formatted("dynamodb", "table/" + name + "/stream/2026-01-01T00:00:00"));
                }
                case "AWS::KMS::Key" -> {
                    refs.put(id, "key-" + id);
                    attributes.put(id + ".Arn", arn.formatted("kms", "key/key-" + id));
                }
                case "AWS::SQS::Queue" -> {
                    refs.put(id, "http://127.0.0.1/123456789012/" + name);
                    attributes.put(id + ".Arn", arn.formatted("sqs", name));
                }
                default -> refs.put(id, name);
            }
        });
        Map<String, Object> parameters = new LinkedHashMap<>();
        template.parameters().forEach((name, definition) -> {
            Map<String, Object> d = StackTemplate.map(definition);
            parameters.put(name, String.valueOf(d.containsKey("Default") ? d.get("Default")
                    : org.peersupport.testkit.LocalDeployment.LOCAL_VALUES.get(name)));
        });
        return new CallRecords.Deployment(PREFIX, Map.of("AWS::Region", "us-east-1", "AWS::AccountId", "123456789012",
                "AWS::Partition", "aws", "AWS::StackName", PREFIX + "stack", "AWS::URLSuffix", "amazonaws.com"),
                parameters, refs, attributes, new ArrayList<>(List.of("groups@example.org")));
    }

    /** template.yaml with the first occurrence of {@code from} (which must be there) replaced by {@code to}. */
    static String variant(String from, String to) {
        String text = template();
        int at = text.indexOf(from);
        assertTrue(at >= 0, "template.yaml no longer holds: " + from);
        return text.substring(0, at) + to + text.substring(at + from.length());
    }
}
