package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.calls.IamPolicy;
import org.peersupport.testkit.calls.RolePolicies;
import org.peersupport.testkit.calls.Templates;

/**
 * What template.yaml promises about confidentiality and reliability, checked as a deployment
 * would see it: who can call what, the shape of each function's role as SAM deploys it
 * ({@link RolePolicies}, read from SAM's own transform), how the data is kept, and the limits that
 * keep the stack up under load. Whether each role is exactly what its function's calls need is
 * log-check's {@code LeastPrivilegeTest}, over every call the suite made. moto enforces none of
 * this, so these checks and cfn-lint ({@code TemplateIT}) stand between a template change and a
 * deployment.
 */
class TemplateFitnessTest {
    private final StackTemplate template = StackTemplate.load();
    private static Map<String, List<RolePolicies.Grant>> roles;

    /** Each function's role, from SAM's transform (a Python process: once for the class). */
    private Map<String, List<RolePolicies.Grant>> roles() {
        if (roles == null) {
            roles = RolePolicies.of(template, Templates.translated());
        }
        return roles;
    }

    /** The console's page, configuration and files: open (they hold no data), and staff-facing. */
    static final Set<String> CONSOLE_ROUTES = Set.of("GET /console", "GET /console/config.json", "GET /console/{file+}");

    /** The contract's public endpoints: everything else needs a staff token. */
    static final Set<String> PUBLIC_ROUTES = union(Set.of(
            "GET /groups", "GET /groups/{groupId}", "GET /groups/{groupId}/calendar.ics", "GET /calendar.ics",
            "POST /groups/{groupId}/signups", "GET /signups/withdraw", "POST /signups/withdraw",
            "GET /signups/confirm", "POST /signups/confirm",
            "GET /hsds/", "GET /hsds/services", "GET /hsds/services/{id}"), CONSOLE_ROUTES);

    /** Every staff route of the contract, each behind the staff authorizer. */
    static final Set<String> STAFF_ROUTES = Set.of(
            "GET /staff/signups", "DELETE /staff/signups", "GET /staff/groups", "PUT /staff/groups/{groupId}",
            "DELETE /staff/groups/{groupId}", "GET /staff/closures", "PUT /staff/closures/{date}",
            "DELETE /staff/closures/{date}", "GET /staff/audit", "GET /staff/users", "PUT /staff/users/{username}",
            "DELETE /staff/users/{username}");

    /** Grants on "*" SAM adds and no template can narrow while SAM generates the role. */
    static final Set<String> SAM_WILDCARDS = Set.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
            "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams");

    // --- who can call what -------------------------------------------------------------------

    @Test
    void unauthenticatedRoutes_areExactlyTheContractsPublicOnes() {
        assertNull(map(template.properties("Api").get("Auth")).get("DefaultAuthorizer"),
                "a default authorizer would change what an event without Auth means");
        Set<String> open = new TreeSet<>();
        for (StackTemplate.Route route : template.routes()) {
            if (route.authorizer() == null || route.authorizer().equals("NONE")) {
                open.add(route.routeKey());
            }
        }
        assertEquals(new TreeSet<>(PUBLIC_ROUTES), open);
        assertEquals(List.of("Api"), template.ofType("AWS::Serverless::HttpApi"), "one API, the one checked here");
        for (String type : List.of("AWS::Serverless::Api", "AWS::ApiGatewayV2::Api", "AWS::ApiGateway::RestApi",
                "AWS::Lambda::Url", "AWS::Lambda::Permission", "AWS::ApiGatewayV2::Route")) {
            assertEquals(List.of(), template.ofType(type), "no other way in: " + type);
        }
        for (String function : functions()) {
            assertFalse(template.properties(function).containsKey("FunctionUrlConfig"), function + " has a function URL");
            map(template.properties(function).get("Events")).forEach((name, event) -> {
                Object type = map(event).get("Type");
                assertTrue(Set.of("HttpApi", "DynamoDB", "Schedule", "SNS").contains(type), function + "." + name + ": " + type);
                if ("HttpApi".equals(type)) {
                    assertEquals(Map.of("Ref", "Api"), map(map(event).get("Properties")).get("ApiId"),
                            function + "." + name + " must be on the checked API, not SAM's implicit one");
                }
            });
        }
    }

    /**
     * The organisation's own domain for the API, when its name and its certificate are both given: a
     * regional TLS 1.2 domain with the one API at its root (so every link keeps its path), and
     * ApiUrl and ConsoleUrl on it. A name without a certificate is refused before anything is made.
     */
    @Test
    void theApi_canCarryTheOrganisationsOwnDomain() {
        Pattern name = Pattern.compile((String) map(template.parameters().get("ApiDomainName")).get("AllowedPattern"));
        for (String allowed : List.of("", "groups-api.example.org", "api.springfield-peers.org")) {
            assertTrue(name.matcher(allowed).matches(), allowed);
        }
        for (String refused : List.of("https://groups.example.org", "groups.example.org/", "localhost", "-api.example.org")) {
            assertFalse(name.matcher(refused).matches(), refused);
        }
        assertEquals("", map(template.parameters().get("ApiDomainName")).get("Default"), "optional");
        assertEquals("HasApiDomain", template.resource("ApiDomain").get("Condition"));
        assertEquals("HasApiDomain", template.resource("ApiDomainMapping").get("Condition"));
        assertEquals(List.of("ApiDomain"), template.ofType("AWS::ApiGatewayV2::DomainName"));
        Map<String, Object> config = map(list(template.properties("ApiDomain").get("DomainNameConfigurations")).get(0));
        assertEquals(Map.of("Ref", "ApiCertificateArn"), config.get("CertificateArn"));
        assertEquals("REGIONAL", config.get("EndpointType"));
        assertEquals("TLS_1_2", config.get("SecurityPolicy"));
        Map<String, Object> mapping = template.properties("ApiDomainMapping");
        assertEquals(Map.of("Ref", "Api"), mapping.get("ApiId"));
        assertEquals(Map.of("Ref", "Api.Stage"), mapping.get("Stage"));
        assertEquals(Map.of("Ref", "ApiDomain"), mapping.get("DomainName"));
        assertFalse(mapping.containsKey("ApiMappingKey"), "the API at the domain's root");
        Map<String, Object> rule = map(map(template.raw().get("Rules")).get("ApiDomainNeedsCertificate"));
        assertEquals(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ApiCertificateArn"), "")))),
                map(list(rule.get("Assertions")).get(0)).get("Assert"));
        for (String output : List.of("ApiUrl", "ConsoleUrl")) {
            List<Object> choice = list(map(map(template.outputs().get(output)).get("Value")).get("Fn::If"));
            assertEquals("HasApiDomain", choice.get(0), output);
            assertTrue(map(choice.get(1)).get("Fn::Sub").toString().startsWith("https://${ApiDomainName}"), output);
        }
    }

    /**
     * The API's one authorizer is a JWT authorizer for the stack's user pool (its issuer) and the
     * console's client (the audience), reading the Authorization header; every staff route uses it,
     * and no route is left without it that is not a contract's public one.
     */
    @Test
    void everyStaffRoute_usesTheJwtAuthorizer_ofTheStaffUserPoolAndTheConsoleClient() {
        Map<String, Object> auth = map(template.properties("Api").get("Auth"));
        assertFalse(auth.containsKey("EnableIamAuthorizer"), "no IAM path into the staff routes");
        Map<String, Object> authorizers = map(auth.get("Authorizers"));
        assertEquals(Set.of("StaffJwt"), authorizers.keySet());
        Map<String, Object> staffJwt = map(authorizers.get("StaffJwt"));
        assertEquals("$request.header.Authorization", staffJwt.get("IdentitySource"));
        Map<String, Object> jwt = map(staffJwt.get("JwtConfiguration"));
        assertEquals(Map.of("Fn::Sub", "https://cognito-idp.${AWS::Region}.amazonaws.com/${StaffUserPool}"), jwt.get("issuer"));
        assertEquals(List.of(Map.of("Ref", "StaffConsoleClient")), jwt.get("audience"));
        assertEquals("AWS::Cognito::UserPool", template.type("StaffUserPool"));
        assertEquals("AWS::Cognito::UserPoolClient", template.type("StaffConsoleClient"));

        Set<String> staff = new TreeSet<>();
        for (StackTemplate.Route route : template.routes()) {
            if (route.path().equals("/staff") || route.path().startsWith("/staff/")) {
                assertEquals("StaffJwt", route.authorizer(), route.routeKey());
                staff.add(route.routeKey());
            } else {
                assertTrue(PUBLIC_ROUTES.contains(route.routeKey()), route.routeKey() + " is neither public nor staff");
                assertNull(route.authorizer(), route.routeKey());
            }
        }
        assertEquals(new TreeSet<>(STAFF_ROUTES), staff);
        assertTrue(template.ofType("AWS::IAM::ManagedPolicy").isEmpty(), "no IAM policy grants staff access any more");
    }

    /** Invitation only, MFA with an authenticator app at every sign-in, and passwords people cannot guess. */
    @Test
    void staffUserPool_isInvitationOnly_requiresTotp_andAStrongPassword_andIsKept() {
        assertEquals(List.of("StaffUserPool"), template.ofType("AWS::Cognito::UserPool"));
        Map<String, Object> pool = template.properties("StaffUserPool");
        assertEquals(true, map(pool.get("AdminCreateUserConfig")).get("AllowAdminCreateUserOnly"), "no self sign-up");
        assertEquals("ON", pool.get("MfaConfiguration"), "MFA required, not optional");
        assertEquals(List.of("SOFTWARE_TOKEN_MFA"), pool.get("EnabledMfas"), "TOTP only: no SMS codes");
        Map<String, Object> password = map(map(pool.get("Policies")).get("PasswordPolicy"));
        assertTrue(((Number) password.get("MinimumLength")).intValue() >= 12, "at least 12 characters");
        for (String rule : List.of("RequireLowercase", "RequireUppercase", "RequireNumbers", "RequireSymbols")) {
            assertEquals(true, password.get(rule), rule);
        }
        assertTrue(((Number) password.get("TemporaryPasswordValidityDays")).intValue() <= 7);
        assertEquals(false, map(pool.get("UsernameConfiguration")).get("CaseSensitive"), "one spelling, one account");
        assertEquals("ACTIVE", pool.get("DeletionProtection"));
        assertEquals("Retain", template.resource("StaffUserPool").get("DeletionPolicy"));
        String invitation = String.valueOf(map(map(pool.get("AdminCreateUserConfig")).get("InviteMessageTemplate"))
                .get("EmailMessage"));
        assertTrue(invitation.contains("{username}") && invitation.contains("{####}") && invitation.contains("/console"),
                "the invitation names the account, its temporary password and where to sign in");

        Map<String, String> groups = new java.util.TreeMap<>();
        for (String id : template.ofType("AWS::Cognito::UserPoolGroup")) {
            Map<String, Object> group = template.properties(id);
            assertEquals(Map.of("Ref", "StaffUserPool"), group.get("UserPoolId"), id);
            groups.put(String.valueOf(group.get("GroupName")), id);
        }
        assertEquals(Set.of("admins", "facilitators"), groups.keySet());
    }

    /** A browser holds no secret; the flows are the console's (password, SRP) and refresh, nothing else. */
    @Test
    void consoleClient_hasNoSecret_andOnlyTheConsolesFlows() {
        assertEquals(List.of("StaffConsoleClient"), template.ofType("AWS::Cognito::UserPoolClient"));
        Map<String, Object> client = template.properties("StaffConsoleClient");
        assertEquals(Map.of("Ref", "StaffUserPool"), client.get("UserPoolId"));
        assertEquals(false, client.get("GenerateSecret"), "a console in a browser cannot keep a client secret");
        assertEquals(Set.of("ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"),
                new HashSet<>(list(client.get("ExplicitAuthFlows"))));
        assertEquals("ENABLED", client.get("PreventUserExistenceErrors"), "sign-in does not tell who has an account");
        assertEquals(true, client.get("EnableTokenRevocation"));
        assertFalse(client.containsKey("AllowedOAuthFlows"), "no hosted UI and no implicit flow");
        assertTrue(((Number) client.get("AccessTokenValidity")).intValue() <= 60
                && "minutes".equals(map(client.get("TokenValidityUnits")).get("AccessToken")),
                "a removed account's last access token lives an hour at most");
        for (String output : List.of("ConsoleUrl", "StaffUserPoolId", "StaffConsoleClientId")) {
            assertTrue(template.outputs().containsKey(output), output);
        }
    }

    /** Only the staff-accounts function may change the user pool; the console's own function may call nothing. */
    @Test
    void onlyManageStaff_managesAccounts_andTheConsolesFunctionHasNoAwsAccess() {
        roles().forEach((function, grants) -> {
            for (RolePolicies.Grant grant : grants) {
                if (grant.actions().stream().anyMatch(action -> action.startsWith("cognito-idp:"))) {
                    assertEquals("ManageStaffFunction", function, grant.label());
                    assertEquals(List.of("${StaffUserPool.Arn}"),
                            grant.resources().stream().map(Templates::render).toList(), grant.label());
                }
            }
        });
        assertEquals(List.of(), list(template.properties("ServeConsoleFunction").get("Policies")));
        Map<String, Object> read = statement("ExportSignupsFunction", "ReadWhoRunsEachGroupOnly");
        assertEquals(List.of("id", "facilitatorUsernames"),
                map(map(read.get("Condition")).get("ForAllValues:StringEquals")).get("dynamodb:Attributes"));
        assertEquals("SPECIFIC_ATTRIBUTES",
                map(map(read.get("Condition")).get("StringEqualsIfExists")).get("dynamodb:Select"));
    }

    // --- what each function's role may do ----------------------------------------------------

    @Test
    void noCrudPolicies_noSesCrud_noWildcardActions_andNoWildcardResourcesWhereOneCanBeNamed() {
        for (String function : functions()) {
            for (Object policy : list(template.properties(function).get("Policies"))) {
                String name = policy instanceof String s ? s : map(policy).keySet().iterator().next();
                assertFalse(name.endsWith("CrudPolicy"), function + " uses " + name);
                assertFalse(name.equals("SESCrudPolicy") || name.contains("FullAccess"), function + " uses " + name);
            }
        }
        roles().forEach((function, grants) -> {
            for (RolePolicies.Grant grant : grants) {
                List<String> actions = grant.actions();
                for (Object written : grant.resources()) {
                    String resource = Templates.render(written);
                    for (String action : actions) {
                        assertFalse(action.contains("*"), function + ": " + action + " in " + grant.label());
                        if (!grant.awsManaged()) {
                            assertFalse(resource.equals("*") || resource.endsWith(":*"),
                                    function + ": " + action + " in " + grant.label() + " names no resource");
                        } else {
                            assertTrue(resource.equals("*") && SAM_WILDCARDS.contains(action),
                                    function + ": " + action + " on " + resource + " from " + grant.label());
                        }
                    }
                }
            }
        });
    }

    /**
     * Only the mailer sends email: SES v2 SendEmail from the sender's identity (the address, or its
     * domain) through the stack's configuration set, which requires TLS, with the sender's address
     * in From. Raw content is authorised as ses:SendRawEmail, the v2 operation as ses:SendEmail.
     */
    @Test
    void sesSending_onlyFromTheSenderAddress_throughTheStacksConfigurationSet() {
        String arn = "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:";
        int sending = 0;
        for (Map.Entry<String, List<RolePolicies.Grant>> role : roles().entrySet()) {
            for (RolePolicies.Grant grant : role.getValue()) {
                List<String> actions = grant.actions();
                if (actions.stream().noneMatch(a -> a.startsWith("ses:Send"))) {
                    continue;
                }
                sending++;
                assertEquals("SendConfirmationFunction", role.getKey(), "only the mailer sends email");
                assertEquals(List.of("ses:SendEmail", "ses:SendRawEmail"), actions, grant.label());
                assertEquals(List.of(arn + "identity/${SenderEmail}", arn + "identity/${SenderDomain}",
                        arn + "configuration-set/${EmailConfigurationSet}"),
                        grant.resources().stream().map(Templates::render).toList(), grant.label());
                assertEquals(Map.of("StringEquals", Map.of("ses:FromAddress", Map.of("Ref", "SenderEmail"))),
                        grant.statement().get("Condition"), grant.label());
            }
        }
        assertEquals(1, sending, "one sending statement");
        assertEquals("AWS::SES::ConfigurationSet", template.type("EmailConfigurationSet"));
        assertEquals(Map.of("TlsPolicy", "REQUIRE"), template.properties("EmailConfigurationSet").get("DeliveryOptions"));
        Map<String, Object> env = map(map(template.properties("SendConfirmationFunction").get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "EmailConfigurationSet"), env.get("SES_CONFIGURATION_SET"), "the mailer sends through it");
    }

    /**
     * Every send goes through the stack's configuration set, which delivers over TLS only and
     * publishes hard bounces and complaints, and nothing else, to an encrypted topic that only SES
     * may publish to, for this account and this configuration set; its one subscriber is the
     * function that records them.
     */
    @Test
    void sesFeedback_goesFromTheConfigurationSet_toTheFeedbackFunctionOnly() {
        assertEquals(List.of("EmailConfigurationSet"), template.ofType("AWS::SES::ConfigurationSet"));
        assertEquals(List.of("BOUNCE", "COMPLAINT"),
                map(template.properties("EmailConfigurationSet").get("SuppressionOptions")).get("SuppressedReasons"));
        Map<String, Object> destination = template.properties("EmailFeedbackDestination");
        assertEquals(Map.of("Ref", "EmailConfigurationSet"), destination.get("ConfigurationSetName"));
        Map<String, Object> event = map(destination.get("EventDestination"));
        assertEquals(List.of("bounce", "complaint"), event.get("MatchingEventTypes"));
        assertEquals(Map.of("TopicARN", Map.of("Ref", "EmailFeedbackTopic")), event.get("SnsDestination"));
        assertEquals(Map.of("Ref", "EmailFeedbackKey"), template.properties("EmailFeedbackTopic").get("KmsMasterKeyId"));

        List<Object> statements = list(map(template.properties("EmailFeedbackTopicPolicy").get("PolicyDocument"))
                .get("Statement"));
        assertEquals(1, statements.size());
        Map<String, Object> publish = map(statements.get(0));
        assertEquals(Map.of("Service", "ses.amazonaws.com"), publish.get("Principal"));
        assertEquals("sns:Publish", publish.get("Action"));
        assertEquals(Map.of("AWS:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                map(map(publish.get("Condition")).get("StringEquals")));
        assertEquals(Map.of("AWS:SourceArn", Map.of("Fn::Sub",
                        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/${EmailConfigurationSet}")),
                map(map(publish.get("Condition")).get("ArnLike")));

        Set<String> subscribers = new TreeSet<>();
        for (String function : functions()) {
            map(template.properties(function).get("Events")).forEach((name, e) -> {
                if ("SNS".equals(map(e).get("Type"))) {
                    assertEquals(Map.of("Ref", "EmailFeedbackTopic"), map(map(e).get("Properties")).get("Topic"));
                    subscribers.add(function);
                }
            });
        }
        assertEquals(Set.of("RecordEmailFeedbackFunction"), subscribers);
    }

    /** The data key decrypts only through DynamoDB: a role's credentials alone cannot decrypt a copied backup. */
    @Test
    void dataKey_isUsableOnlyThroughDynamoDb() {
        int uses = 0;
        for (List<RolePolicies.Grant> grants : roles().values()) {
            for (RolePolicies.Grant grant : grants) {
                if (grant.resources().stream().map(Templates::render).anyMatch("${DataKey.Arn}"::equals)) {
                    uses++;
                    assertEquals(Map.of("kms:ViaService", Map.of("Fn::Sub", "dynamodb.${AWS::Region}.amazonaws.com")),
                            map(map(grant.statement().get("Condition")).get("StringEquals")), grant.function() + ": "
                                    + grant.label());
                }
            }
        }
        assertTrue(uses > 0);
    }

    /**
     * DynamoDB counts a table's key attributes (and, for an index, the index's) among every
     * request's attributes: "If you use dynamodb:Attributes, you must specify the names of all of
     * the primary key and index key attributes for the table and any secondary indexes that are
     * listed in the policy" (DynamoDB Developer Guide, "Using IAM policy conditions for
     * fine-grained access control"). A statement that leaves them out refuses every request.
     */
    @Test
    void everyDynamodbAttributesCondition_listsTheKeyAttributesOfEveryTableAndIndexItNames() {
        int checked = 0;
        for (List<RolePolicies.Grant> grants : roles().values()) {
            for (RolePolicies.Grant grant : grants) {
                for (Map.Entry<String, Object> operator : map(grant.statement().get("Condition")).entrySet()) {
                    Object attributes = map(operator.getValue()).get("dynamodb:Attributes");
                    if (attributes == null) {
                        continue;
                    }
                    checked++;
                    List<String> listed = IamPolicy.strings(attributes);
                    for (Object resource : grant.resources()) {
                        String written = Templates.render(resource);
                        java.util.regex.Matcher m = Pattern.compile("\\$\\{(\\w+)\\.Arn}(/index/(\\w+))?").matcher(written);
                        assertTrue(m.matches(), grant.label() + ": " + written + " is not a table or index of this template");
                        List<String> keys = keyAttributes(m.group(1), m.group(3));
                        assertTrue(listed.containsAll(keys), grant.function() + ": " + grant.label() + " limits dynamodb:Attributes to "
                                + listed + " on " + written + " but leaves out its key attributes " + keys);
                    }
                }
            }
        }
        assertTrue(checked >= 2, "the sign-up and withdraw functions' attribute conditions were found");
    }

    /**
     * The public functions cannot read what a person wrote: only state attributes, by IAM
     * condition, which lists the table's key attributes too (DynamoDB requires them there); and no
     * write of theirs may return what it overwrote.
     */
    @Test
    void signupFunctions_readOnlyStateAttributesOfSignups() {
        Map<String, String> readers = Map.of("CreateSignupFunction", "ReadSignupStateOnly",
                "WithdrawSignupFunction", "ReadSignupStateOnly", "ConfirmSignupFunction", "ReadSignupStateOnly",
                "QueueNoticesFunction", "ReadSignupStateOnly", "RecordEmailFeedbackFunction", "ReadSignupStateOnly");
        readers.forEach((function, sid) -> {
            Map<String, Object> read = statement(function, sid);
            List<Object> allowed = list(map(map(read.get("Condition")).get("ForAllValues:StringEquals")).get("dynamodb:Attributes"));
            assertTrue(allowed.containsAll(List.of("pk", "sk")), function + ": the key attributes are listed");
            for (String personal : List.of("firstName", "email", "phone", "emergencyContactName", "emergencyContactPhone")) {
                assertFalse(allowed.contains(personal), function + " may read " + personal);
            }
            assertEquals("SPECIFIC_ATTRIBUTES",
                    map(map(read.get("Condition")).get("StringEqualsIfExists")).get("dynamodb:Select"), function);
        });
        for (String[] write : List.of(new String[] {"CreateSignupFunction", "WriteSignupsAndMessages"},
                new String[] {"CreateSignupFunction", "CountSignups"},
                new String[] {"ConfirmSignupFunction", "ConfirmTakePlaceQueueMessage"},
                new String[] {"QueueNoticesFunction", "QueueMessagesGivePlaces"},
                new String[] {"RecordEmailFeedbackFunction", "MarkOrWithdrawSignups"})) {
            assertEquals(Map.of("dynamodb:ReturnValues", "NONE"),
                    map(map(statement(write[0], write[1]).get("Condition")).get("StringEqualsIfExists")),
                    "no write may return what it overwrote: " + write[1]);
        }
    }

    /**
     * Only the functions that hash addresses can ask KMS for a hash with EmailHashKey: its policy
     * denies GenerateMac and VerifyMac to every principal but roles on their path (and an
     * optional break-glass role), whatever any IAM policy of the account allows; the two hashing
     * functions' roles, and no other function's, are on that path.
     */
    @Test
    void emailHashKey_deniesHashingToEveryoneButTheHashingFunctionsRoles() {
        List<Object> statements = list(map(template.properties("EmailHashKey").get("KeyPolicy")).get("Statement"));
        Map<String, Object> deny = statements.stream().map(StackTemplate::map)
                .filter(st -> "Deny".equals(st.get("Effect"))).findFirst().orElseThrow();
        assertEquals(Map.of("AWS", "*"), deny.get("Principal"));
        assertEquals(List.of("kms:GenerateMac", "kms:VerifyMac"), deny.get("Action"));
        List<Object> except = list(map(map(deny.get("Condition")).get("ArnNotLike")).get("aws:PrincipalArn"));
        String path = "/${AWS::StackName}/email-hashers/";
        assertEquals(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role" + path + "*"), except.get(0));
        assertEquals(Map.of("Fn::If", List.of("HasBreakGlassRole", Map.of("Ref", "EmailHashBreakGlassRoleArn"),
                Map.of("Ref", "AWS::NoValue"))), except.get(1));
        assertEquals(2, except.size());
        assertEquals("", map(template.parameters().get("EmailHashBreakGlassRoleArn")).get("Default"), "none unless given");
        Set<String> onPath = new TreeSet<>();
        Set<String> hashing = new TreeSet<>();
        for (String function : functions()) {
            if (Map.of("Fn::Sub", path).equals(template.properties(function).get("RolePath"))) {
                onPath.add(function);
            }
            for (RolePolicies.Grant grant : roles().get(function)) {
                if (grant.actions().contains("kms:GenerateMac")) {
                    hashing.add(function);
                }
            }
        }
        assertEquals(Set.of("CreateSignupFunction", "EraseSignupsFunction", "RecordEmailFeedbackFunction"), hashing);
        assertEquals(hashing, onPath, "exactly the hashing functions' roles are on the path the key allows");
        for (Object statement : statements) {
            Object actions = map(statement).get("Action");
            if ("Allow".equals(map(statement).get("Effect"))) {
                assertEquals(Map.of("AWS", Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
                        map(statement).get("Principal"), "allowed to administer only through IAM: " + actions);
            }
        }
    }

    // --- how the data is kept ----------------------------------------------------------------

    @Test
    void signupsAndAuditTables_encryptedWithTheStacksKey_recoverable_protected_andRetained() {
        for (String table : List.of("SignupsTable", "AuditTable")) {
            Map<String, Object> resource = template.resource(table);
            assertEquals("Retain", resource.get("DeletionPolicy"), table);
            assertEquals("Retain", resource.get("UpdateReplacePolicy"), table);
            Map<String, Object> p = template.properties(table);
            assertEquals(true, p.get("DeletionProtectionEnabled"), table);
            assertEquals(true, map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"), table);
            Map<String, Object> sse = map(p.get("SSESpecification"));
            assertEquals(true, sse.get("SSEEnabled"), table);
            assertEquals("KMS", sse.get("SSEType"), table);
            assertEquals(Map.of("Ref", "DataKey"), sse.get("KMSMasterKeyId"), table);
            assertEquals("expiresAt", map(p.get("TimeToLiveSpecification")).get("AttributeName"), table);
        }
        assertEquals("KEYS_ONLY", map(template.properties("SignupsTable").get("StreamSpecification")).get("StreamViewType"),
                "stream records carry no personal data");
        assertEquals(true, template.properties("DataKey").get("EnableKeyRotation"));
        for (String key : List.of("DataKey", "EmailHashKey")) {
            assertEquals("Retain", template.resource(key).get("DeletionPolicy"), key);
            assertEquals("Retain", template.resource(key).get("UpdateReplacePolicy"), key);
        }
        for (String table : template.ofType("AWS::DynamoDB::Table")) {
            assertEquals(true, map(template.properties(table).get("SSESpecification")).get("SSEEnabled"), table);
        }
        assertEquals(true, template.properties("SendConfirmationFailedBatches").get("SqsManagedSseEnabled"));
        assertEquals(true, template.properties("QueueNoticesFailedBatches").get("SqsManagedSseEnabled"));
        assertEquals("KEYS_ONLY", map(template.properties("GroupChangesTable").get("StreamSpecification")).get("StreamViewType"));
    }

    @Test
    void parameters_haveTheContractsNamesAndDefaults_andReachCreateSignup() {
        Map<String, Object> parameters = template.parameters();
        for (String name : List.of("OrgName", "OrgTimeZone", "AllowedOrigins", "PublicBaseUrl", "ThankYouUrl", "SenderEmail",
                "RetentionDays", "SignupsPerIpPerHour", "SignupsPerEmailPerDay")) {
            assertTrue(parameters.containsKey(name), name);
        }
        assertEquals("America/Denver", map(parameters.get("OrgTimeZone")).get("Default"));
        assertEquals(180, map(parameters.get("RetentionDays")).get("Default"));
        assertEquals(10, map(parameters.get("SignupsPerIpPerHour")).get("Default"));
        assertEquals(5, map(parameters.get("SignupsPerEmailPerDay")).get("Default"));
        for (String name : List.of("PublicBaseUrl", "ThankYouUrl", "GroupPageUrl", "SenderEmail")) {
            assertFalse(map(parameters.get(name)).containsKey("Default"), name + ": a deployment must be given it");
        }
        Pattern base = Pattern.compile((String) map(parameters.get("PublicBaseUrl")).get("AllowedPattern"));
        Pattern thankYou = Pattern.compile((String) map(parameters.get("ThankYouUrl")).get("AllowedPattern"));
        for (String url : List.of("https://api.example.org", "https://abc.execute-api.us-east-1.amazonaws.com/prod",
                "http://127.0.0.1:3000", "http://localhost:8080")) {
            assertTrue(base.matcher(url).matches(), url);
            assertTrue(thankYou.matcher(url + "/thank-you.html").matches(), url);
        }
        for (String url : List.of("http://api.example.org", "http://127.0.0.1.example.org", "ftp://x.example", "api.example.org")) {
            assertFalse(base.matcher(url).matches(), url);
            assertFalse(thankYou.matcher(url + "/thank-you.html").matches(), url);
        }
        Pattern groupPage = Pattern.compile((String) map(parameters.get("GroupPageUrl")).get("AllowedPattern"));
        for (String url : List.of("https://www.example.org/groups/{groupId}", "https://www.example.org/#group-{groupId}",
                "http://127.0.0.1:3000/#group-{groupId}")) {
            assertTrue(groupPage.matcher(url).matches(), url);
        }
        for (String url : List.of("http://www.example.org/#group-{groupId}", "https://www.example.org/groups/",
                "http://127.0.0.1.example.org/#group-{groupId}")) {
            assertFalse(groupPage.matcher(url).matches(), url);
        }
        Map<String, Object> env = map(map(template.properties("CreateSignupFunction").get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "ThankYouUrl"), env.get("THANK_YOU_URL"));
        assertEquals(Map.of("Ref", "RetentionDays"), env.get("RETENTION_DAYS"));
        assertEquals(Map.of("Ref", "SignupsPerIpPerHour"), env.get("SIGNUPS_PER_IP_PER_HOUR"));
        assertEquals(Map.of("Ref", "SignupsPerEmailPerDay"), env.get("SIGNUPS_PER_EMAIL_PER_DAY"));
    }

    // --- limits that keep it up ----------------------------------------------------------------

    /**
     * Every route is throttled (its own RouteSettings or the stage's default), sign-up hardest of
     * the public routes people use, the console's as hard as the staff routes, and no
     * RouteSettings key names a route that does not exist (a typo there would silently leave a
     * route on the default).
     */
    @Test
    void everyRouteIsThrottled_signupHardestOfThePublicRoutes_andEverySettingNamesARealRoute() {
        Map<String, Object> api = template.properties("Api");
        Map<String, Object> defaults = map(api.get("DefaultRouteSettings"));
        Map<String, Object> settings = map(api.get("RouteSettings"));
        Set<String> routeKeys = new HashSet<>();
        template.routes().forEach(r -> routeKeys.add(r.routeKey()));
        for (String key : settings.keySet()) {
            assertTrue(routeKeys.contains(key), "RouteSettings for " + key + ", which is no route");
        }
        Map<String, int[]> limits = new LinkedHashMap<>();
        for (StackTemplate.Route route : template.routes()) {
            limits.put(route.routeKey(), throttle(map(settings.get(route.routeKey())), defaults, route.routeKey()));
        }
        int[] signup = limits.get("POST /groups/{groupId}/signups");
        int[] stage = throttle(Map.of(), defaults, "the stage default");
        assertTrue(signup[0] < stage[0] && signup[1] < stage[1], "sign-up stricter than the default");
        int[] staff = limits.get("GET /staff/groups");
        limits.forEach((route, limit) -> {
            if (CONSOLE_ROUTES.contains(route) || STAFF_ROUTES.contains(route)) {
                assertTrue(limit[0] == staff[0] && limit[1] == staff[1], route + " throttled as the staff routes are");
            } else if (PUBLIC_ROUTES.contains(route)) {
                assertTrue(signup[0] <= limit[0] && signup[1] <= limit[1], "sign-up at least as strict as " + route);
            }
        });
    }

    /**
     * Each function can reserve its concurrency ({@code ReserveConcurrency}), at least the burst API
     * Gateway lets through to any of its routes: past its reservation Lambda throttles, and API
     * Gateway turns that into a 500, where its own throttle gives a clean 429. Together they leave
     * Lambda's minimum of 100 unreserved in an account with the usual quota. It is off by default:
     * a new account's quota is often below what the reservations and that minimum need, and the
     * first deployment would fail.
     */
    @Test
    void eachFunctionCanReserveConcurrency_atLeastItsRoutesBurst_offByDefault() {
        assertEquals("false", map(template.parameters().get("ReserveConcurrency")).get("Default"),
                "reservations need an account quota of at least their sum + 100, which new accounts lack");
        assertEquals(Map.of("Fn::Equals", List.of(Map.of("Ref", "ReserveConcurrency"), "true")),
                template.conditions().get("ShouldReserveConcurrency"));
        Map<String, Object> api = template.properties("Api");
        int total = 0;
        for (String function : functions()) {
            Object reserved = template.properties(function).get("ReservedConcurrentExecutions");
            assertNotNull(reserved, function + " reserves no concurrency");
            List<Object> choice = list(map(reserved).get("Fn::If"));
            assertEquals(3, choice.size(), function);
            assertEquals("ShouldReserveConcurrency", choice.get(0), function);
            assertEquals(Map.of("Ref", "AWS::NoValue"), choice.get(2), function + ": off means Lambda's shared pool");
            int value = ((Number) choice.get(1)).intValue();
            assertTrue(value >= 1, function);
            total += value;
            for (StackTemplate.Route route : template.routes()) {
                if (route.functionId().equals(function)) {
                    int burst = throttle(map(map(api.get("RouteSettings")).get(route.routeKey())),
                            map(api.get("DefaultRouteSettings")), route.routeKey())[0];
                    assertTrue(value >= burst, function + " reserves " + value + " but " + route.routeKey()
                            + " lets a burst of " + burst + " through");
                }
            }
        }
        assertTrue(total + 100 <= 1000, "reservations " + total + " + Lambda's unreserved minimum 100 > 1000");
        String description = String.valueOf(map(template.parameters().get("ReserveConcurrency")).get("Description"));
        assertTrue(description.contains(total + " in all") && description.contains("at least " + (total + 100)),
                "the parameter's description states the total (" + total + ") and the quota it needs");
    }

    /**
     * The functions people wait on (the public routes, the console and its daily routes) are
     * restored from a SnapStart snapshot; every event source, schedules included, calls their
     * alias, never the unpublished function; and a weekly call keeps each version from turning
     * inactive (14 days uninvoked), which would fail the next person's request. The rarely used
     * staff functions and those no one waits on start cold.
     */
    @Test
    void theFunctionsPeopleWaitOn_startFromASnapshot_throughTheirAlias_keptActiveWeekly() {
        Set<String> snapStart = Set.of("ListGroupsFunction", "CreateSignupFunction", "ConfirmSignupFunction",
                "WithdrawSignupFunction", "ManageGroupsFunction", "ExportSignupsFunction");
        Set<String> routes = new HashSet<>();
        template.routes().forEach(r -> routes.add(r.routeKey()));
        for (String function : functions()) {
            Map<String, Object> properties = template.properties(function);
            if (!snapStart.contains(function)) {
                assertNull(properties.get("SnapStart"), function);
                continue;
            }
            assertEquals(Map.of("ApplyOn", "PublishedVersions"), properties.get("SnapStart"), function);
            assertEquals("live", properties.get("AutoPublishAlias"), function);
            Map<String, Object> keep = map(map(properties.get("Events")).get("KeepActive"));
            assertEquals("Schedule", keep.get("Type"), function);
            Map<String, Object> schedule = map(keep.get("Properties"));
            var rate = Pattern.compile("rate\\((\\d+) days?\\)").matcher(String.valueOf(schedule.get("Schedule")));
            assertTrue(rate.matches() && Integer.parseInt(rate.group(1)) <= 13, function + ": " + schedule.get("Schedule"));
            String input = String.valueOf(schedule.get("Input"));
            assertTrue(input.contains("\"routeKey\"") && routes.stream().noneMatch(input::contains),
                    function + "'s weekly call names no route, so it is answered at once and does nothing: " + input);
        }
        StackTemplate translated = Templates.translated();
        List<String> direct = new ArrayList<>();
        for (String id : translated.resources().keySet()) {
            String type = translated.type(id);
            Object target = switch (type) {
                case "AWS::Lambda::Permission", "AWS::Lambda::EventSourceMapping" -> translated.properties(id).get("FunctionName");
                case "AWS::Events::Rule" -> translated.properties(id).get("Targets");
                case "AWS::ApiGatewayV2::Api" -> translated.properties(id).get("Body");
                default -> null;
            };
            String written = String.valueOf(target);
            for (String function : snapStart) {
                if (written.matches("(?s).*\\b" + function + "(\\.Arn|[^A-Za-z.]).*")) {
                    direct.add(id + " calls " + function + " rather than its alias");
                }
            }
        }
        assertEquals(List.of(), direct);
        for (String function : snapStart) {
            assertEquals("AWS::Lambda::Alias", translated.type(function + "Aliaslive"), function);
        }
    }

    @Test
    void everyFunctionLogsToItsOwnGroup_andEveryLogGroupHasRetention() {
        Set<String> used = new HashSet<>();
        for (String function : functions()) {
            Object group = map(map(template.properties(function).get("LoggingConfig")).get("LogGroup")).get("Ref");
            assertNotNull(group, function + " has no log group of its own (Lambda's default one keeps logs forever)");
            assertEquals("AWS::Logs::LogGroup", template.type((String) group), function);
            assertTrue(used.add((String) group), function + " shares " + group);
        }
        for (String group : template.ofType("AWS::Logs::LogGroup")) {
            assertEquals(Map.of("Ref", "LogRetentionDays"), template.properties(group).get("RetentionInDays"), group);
            assertTrue(used.contains(group), group + " belongs to no function");
        }
        assertFalse(list(map(template.parameters().get("LogRetentionDays")).get("AllowedValues")).contains(0),
                "no 'never expire'");
    }

    /** CORS: named origins only (the parameter's pattern applies to each), named methods and headers, no credentials. */
    @Test
    void cors_allowsNoWildcardAnywhere() {
        Map<String, Object> cors = map(template.properties("Api").get("CorsConfiguration"));
        assertEquals(Map.of("Ref", "AllowedOrigins"), cors.get("AllowOrigins"));
        for (String field : List.of("AllowMethods", "AllowHeaders", "ExposeHeaders")) {
            for (Object value : list(cors.get(field))) {
                assertFalse(value.toString().contains("*"), field + ": " + value);
            }
        }
        assertNotEquals(true, cors.get("AllowCredentials"), "no cookies or credentials across origins");
        Map<String, Object> origins = map(template.parameters().get("AllowedOrigins"));
        assertEquals("CommaDelimitedList", origins.get("Type"));
        Pattern pattern = Pattern.compile((String) origins.get("AllowedPattern"));
        for (String allowed : List.of("https://www.example.org", "http://127.0.0.1:3000", "http://localhost:3000",
                "https://groups.example-org.org:8443", String.valueOf(origins.get("Default")))) {
            assertTrue(pattern.matcher(allowed).matches(), allowed);
        }
        for (String refused : List.of("*", "https://*", "https://*.example.org", "https://www.example.org/",
                "https://www.example.org/path", "null", "www.example.org", "https://a.org https://b.org", "")) {
            assertFalse(pattern.matcher(refused).matches(), refused);
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private List<String> functions() {
        return template.ofType("AWS::Serverless::Function");
    }

    /** {burst, rate} for a route: its own settings, else the stage's default; a route with neither fails. */
    private static int[] throttle(Map<String, Object> route, Map<String, Object> defaults, String what) {
        Object burst = route.containsKey("ThrottlingBurstLimit") ? route.get("ThrottlingBurstLimit") : defaults.get("ThrottlingBurstLimit");
        Object rate = route.containsKey("ThrottlingRateLimit") ? route.get("ThrottlingRateLimit") : defaults.get("ThrottlingRateLimit");
        assertTrue(burst instanceof Number && rate instanceof Number, what + " has no burst and rate limit");
        return new int[] {((Number) burst).intValue(), ((Number) rate).intValue()};
    }

    /** A table's key attributes, and an index's when one is named. */
    private List<String> keyAttributes(String table, String index) {
        Map<String, Object> p = template.properties(table);
        List<String> keys = new ArrayList<>();
        list(p.get("KeySchema")).forEach(k -> keys.add(String.valueOf(map(k).get("AttributeName"))));
        if (index != null) {
            boolean found = false;
            for (Object gsi : list(p.get("GlobalSecondaryIndexes"))) {
                if (index.equals(map(gsi).get("IndexName"))) {
                    found = true;
                    list(map(gsi).get("KeySchema")).forEach(k -> keys.add(String.valueOf(map(k).get("AttributeName"))));
                }
            }
            assertTrue(found, table + " has no index " + index);
        }
        return keys;
    }

    private Map<String, Object> statement(String function, String sid) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object policy : list(template.properties(function).get("Policies"))) {
            for (Object s : list(map(policy).get("Statement"))) {
                if (sid.equals(map(s).get("Sid"))) {
                    found.add(map(s));
                }
            }
        }
        assertEquals(1, found.size(), function + " " + sid);
        return found.get(0);
    }
}
