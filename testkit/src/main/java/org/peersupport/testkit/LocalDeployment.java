package org.peersupport.testkit;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.peersupport.shared.Env;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.calls.AwsCallRecorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupExistsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RecoveryOptionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.SchemaAttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The stack's resources created on an AWS-compatible endpoint from template.yaml's own
 * definitions (tables, keys, queues, the SES identity, the staff user pool with its groups and
 * client), under a prefix of their own so that test classes do not see each other's data.
 * What SAM would pass a function (its environment, with every {@code Ref} resolved to the local
 * resource) comes from here too.
 */
public final class LocalDeployment {
    public static final String ACCOUNT_ID = "123456789012";
    /** This JVM's file of deployments, beside its recorded calls. */
    private static final String RECORDS = "deployments-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".jsonl";

    private final StackTemplate template;
    private final String prefix;
    private final Region region;
    private final URI endpoint;
    private final Intrinsics intrinsics;
    private final DynamoDbClient dynamoDb;
    private KmsClient kms;
    /** Resources that were already on the endpoint (same prefix, persistent endpoint) and were reused. */
    private final Set<String> existing = new HashSet<>();
    private SqsClient sqs;
    private SesV2Client sesV2;
    /** SES identities this deployment made or verified on the endpoint (the sender's, as an operator would). */
    private final Set<String> identities = new java.util.TreeSet<>();
    private final Map<String, String> pseudo;
    private CognitoIdentityProviderClient cognito;

    private LocalDeployment(StackTemplate template, String prefix, Map<String, String> overrides, URI endpoint) {
        this.template = template;
        this.prefix = prefix;
        this.endpoint = endpoint;
        String regionName = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        this.region = Region.of(regionName);
        Map<String, String> pseudo = Map.of(
                "AWS::Region", regionName,
                "AWS::AccountId", ACCOUNT_ID,
                "AWS::StackName", prefix + "stack",
                "AWS::Partition", "aws",
                "AWS::URLSuffix", "amazonaws.com",
                "AWS::StackId", "arn:aws:cloudformation:" + regionName + ":" + ACCOUNT_ID + ":stack/" + prefix + "stack/local");
        this.pseudo = pseudo;
        this.intrinsics = new Intrinsics(template, parameters(template, overrides), pseudo);
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates every resource the local run needs, with the template's defaults for parameters. */
    public static LocalDeployment create() {
        return create(Map.of());
    }

    public static LocalDeployment create(Map<String, String> parameterOverrides) {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + "-";
        return create(StackTemplate.load(), prefix, parameterOverrides);
    }

    /**
     * Creates the resources under {@code prefix}, reusing any that the endpoint already has under it
     * (a persistent LocalStack keeps tables and keys between runs; moto starts empty).
     */
    public static LocalDeployment create(StackTemplate template, String prefix, Map<String, String> overrides) {
        return create(template, prefix, overrides, Moto.endpoint());
    }

    /** The same on an endpoint of the caller's (a test's own moto_server, which it stops and restarts). */
    public static LocalDeployment create(StackTemplate template, String prefix, Map<String, String> overrides, URI endpoint) {
        LocalDeployment deployment = new LocalDeployment(template, prefix, overrides, endpoint);
        deployment.provision();
        return deployment;
    }

    /** Creates again whatever the endpoint no longer has (after a restart of an in-memory endpoint). */
    public void reprovision() {
        provision();
    }

    private void provision() {
        for (String id : template.ofType("AWS::KMS::Key")) {
            createKey(id);
        }
        for (String id : template.ofType("AWS::DynamoDB::Table")) {
            createTable(id);
        }
        for (String id : template.ofType("AWS::SQS::Queue")) {
            createQueue(id);
        }
        for (String id : template.ofType("AWS::SES::EmailIdentity")) {
            if (isCreated(id)) {
                createEmailIdentity(id);
            }
        }
        for (String id : template.ofType("AWS::SES::ConfigurationSet")) {
            if (isCreated(id)) {
                createConfigurationSet(id);
            }
        }
        for (String id : template.ofType("AWS::SNS::Topic")) {
            if (isCreated(id)) {
                nameTopic(id);
            }
        }
        // A pool before its groups and clients, which name it.
        for (String id : template.ofType("AWS::Cognito::UserPool")) {
            createUserPool(id);
        }
        for (String id : template.ofType("AWS::Cognito::UserPoolGroup")) {
            createUserPoolGroup(id);
        }
        for (String id : template.ofType("AWS::Cognito::UserPoolClient")) {
            createUserPoolClient(id);
        }
        // Resources nothing local stands for still resolve, to a name, so functions' environments do.
        template.resources().keySet().forEach(id -> {
            try {
                intrinsics.resolve(Map.of("Ref", id));
            } catch (IllegalStateException notCreated) {
                intrinsics.setRef(id, prefix + id);
            }
        });
        record();
    }

    private void createTable(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String name = prefix + id;
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attributeDefinitions(p.get("AttributeDefinitions")))
                .keySchema(keySchema(p.get("KeySchema")));
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (Object value : list(p.get("GlobalSecondaryIndexes"))) {
            Map<String, Object> index = map(value);
            Map<String, Object> projection = map(index.get("Projection"));
            List<String> nonKey = new ArrayList<>();
            list(projection.get("NonKeyAttributes")).forEach(a -> nonKey.add((String) a));
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName((String) index.get("IndexName"))
                    .keySchema(keySchema(index.get("KeySchema")))
                    .projection(Projection.builder()
                            .projectionType((String) projection.get("ProjectionType"))
                            .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey)
                            .build())
                    .build());
        }
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        Map<String, Object> stream = map(p.get("StreamSpecification"));
        if (!stream.isEmpty()) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true)
                    .streamViewType((String) stream.get("StreamViewType"))
                    .build());
        }
        TableDescription table;
        try {
            table = dynamoDb.createTable(request.build()).tableDescription();
        } catch (ResourceInUseException exists) {
            // A persistent endpoint (LocalStack) kept it from an earlier run under the same prefix.
            table = dynamoDb.describeTable(r -> r.tableName(name)).table();
            existing.add(id);
        }
        Map<String, Object> ttl = map(p.get("TimeToLiveSpecification"));
        if (!existing.contains(id)
                && (Boolean.TRUE.equals(ttl.get("Enabled")) || "true".equals(String.valueOf(ttl.get("Enabled"))))) {
            dynamoDb.updateTimeToLive(r -> r.tableName(name).timeToLiveSpecification(
                    s -> s.attributeName((String) ttl.get("AttributeName")).enabled(true)));
        }
        intrinsics.setRef(id, name);
        intrinsics.setAttribute(id, "Arn", table.tableArn());
        if (table.latestStreamArn() != null) {
            intrinsics.setAttribute(id, "StreamArn", table.latestStreamArn());
        }
    }

    /** Whether a resource's {@code Condition} (if it has one) holds for these parameters. */
    public boolean isCreated(String logicalId) {
        Object condition = template.resource(logicalId).get("Condition");
        return condition == null || intrinsics.condition((String) condition);
    }

    private void createQueue(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String name = prefix + id;
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (p.containsKey("MessageRetentionPeriod")) {
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, String.valueOf(p.get("MessageRetentionPeriod")));
        }
        if (p.containsKey("VisibilityTimeout")) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(p.get("VisibilityTimeout")));
        }
        String url = sqs().createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        intrinsics.setRef(id, url);
        intrinsics.setAttribute(id, "Arn", arn);
        intrinsics.setAttribute(id, "QueueName", name);
        intrinsics.setAttribute(id, "QueueUrl", url);
    }

    /** An SES identity; moto (like SES once verified) sends only from identities it has. */
    private void createEmailIdentity(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String identity = (String) p.get("EmailIdentity");
        verifyIdentity(identity);
        intrinsics.setRef(id, identity);
    }

    /**
     * Makes {@code identity} (an address or a domain) a verified SES identity on the endpoint, as an
     * operator verifies one in SES: moto sends only from identities it has.
     */
    public void verifyIdentity(String identity) {
        try {
            sesV2().createEmailIdentity(r -> r.emailIdentity(identity));
        } catch (AlreadyExistsException alreadyThere) {
            // shared by every deployment on this endpoint, as in one AWS account and region
        }
        identities.add(identity);
        record();
    }

    /** A configuration set, named as CloudFormation would not (it would make up a name): prefix and logical id. */
    private void createConfigurationSet(String id) {
        String name = prefix + id;
        try {
            sesV2().createConfigurationSet(r -> r.configurationSetName(name));
        } catch (AlreadyExistsException alreadyThere) {
            // a persistent endpoint kept it from an earlier run under the same prefix
        }
        intrinsics.setRef(id, name);
    }

    /**
     * A user pool from the template's definition: its name, password policy, MFA (with TOTP turned
     * on as {@code EnabledMfas} says), admin-only sign-up and invitation, username and recovery
     * settings and schema. A persistent endpoint's pool of the same name is reused.
     */
    private void createUserPool(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String name = p.containsKey("UserPoolName") ? String.valueOf(p.get("UserPoolName")) : prefix + id;
        UserPoolType pool = null;
        for (var page : cognito().listUserPoolsPaginator(r -> r.maxResults(60))) {
            for (var description : page.userPools()) {
                if (description.name().equals(name)) {
                    pool = cognito().describeUserPool(r -> r.userPoolId(description.id())).userPool();
                }
            }
        }
        if (pool == null) {
            Map<String, Object> password = map(map(p.get("Policies")).get("PasswordPolicy"));
            Map<String, Object> admin = map(p.get("AdminCreateUserConfig"));
            Map<String, Object> invite = map(admin.get("InviteMessageTemplate"));
            List<SchemaAttributeType> schema = new ArrayList<>();
            for (Object attribute : list(p.get("Schema"))) {
                Map<String, Object> a = map(attribute);
                schema.add(SchemaAttributeType.builder().name((String) a.get("Name"))
                        .attributeDataType((String) a.get("AttributeDataType"))
                        .required(bool(a.get("Required"))).mutable(bool(a.get("Mutable"))).build());
            }
            List<RecoveryOptionType> recovery = new ArrayList<>();
            for (Object mechanism : list(map(p.get("AccountRecoverySetting")).get("RecoveryMechanisms"))) {
                Map<String, Object> m = map(mechanism);
                recovery.add(RecoveryOptionType.builder().name((String) m.get("Name"))
                        .priority(Integer.valueOf(String.valueOf(m.get("Priority")))).build());
            }
            List<String> verified = new ArrayList<>();
            list(p.get("AutoVerifiedAttributes")).forEach(a -> verified.add(String.valueOf(a)));
            CreateUserPoolRequest.Builder request = CreateUserPoolRequest.builder().poolName(name)
                    .mfaConfiguration(p.containsKey("MfaConfiguration") ? String.valueOf(p.get("MfaConfiguration")) : null)
                    .adminCreateUserConfig(c -> c.allowAdminCreateUserOnly(bool(admin.get("AllowAdminCreateUserOnly")))
                            .inviteMessageTemplate(t -> t.emailSubject((String) invite.get("EmailSubject"))
                                    .emailMessage((String) invite.get("EmailMessage"))))
                    .usernameConfiguration(u -> u.caseSensitive(bool(map(p.get("UsernameConfiguration")).get("CaseSensitive"))))
                    .autoVerifiedAttributesWithStrings(verified)
                    .schema(schema)
                    .accountRecoverySetting(a -> a.recoveryMechanisms(recovery))
                    .policies(policies -> policies.passwordPolicy(pp -> pp
                            .minimumLength(integer(password.get("MinimumLength")))
                            .requireLowercase(bool(password.get("RequireLowercase")))
                            .requireUppercase(bool(password.get("RequireUppercase")))
                            .requireNumbers(bool(password.get("RequireNumbers")))
                            .requireSymbols(bool(password.get("RequireSymbols")))
                            .temporaryPasswordValidityDays(integer(password.get("TemporaryPasswordValidityDays")))));
            pool = cognito().createUserPool(request.build()).userPool();
            if (list(p.get("EnabledMfas")).contains("SOFTWARE_TOKEN_MFA")) {
                String poolId = pool.id();
                cognito().setUserPoolMfaConfig(r -> r.userPoolId(poolId).mfaConfiguration(
                        String.valueOf(p.get("MfaConfiguration"))).softwareTokenMfaConfiguration(t -> t.enabled(true)));
            }
        } else {
            existing.add(id);
        }
        intrinsics.setRef(id, pool.id());
        intrinsics.setAttribute(id, "Arn", pool.arn());
        intrinsics.setAttribute(id, "ProviderName", "cognito-idp." + region.id() + ".amazonaws.com/" + pool.id());
        intrinsics.setAttribute(id, "ProviderURL", "https://cognito-idp." + region.id() + ".amazonaws.com/" + pool.id());
        intrinsics.setAttribute(id, "UserPoolId", pool.id());
    }

    private void createUserPoolGroup(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String poolId = String.valueOf(p.get("UserPoolId"));
        String name = String.valueOf(p.get("GroupName"));
        try {
            cognito().createGroup(r -> r.userPoolId(poolId).groupName(name).description((String) p.get("Description"))
                    .precedence(p.containsKey("Precedence") ? integer(p.get("Precedence")) : null));
        } catch (GroupExistsException reused) {
            // a persistent endpoint kept the pool and its groups
        }
        intrinsics.setRef(id, name);
    }

    private void createUserPoolClient(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        String poolId = String.valueOf(p.get("UserPoolId"));
        String name = p.containsKey("ClientName") ? String.valueOf(p.get("ClientName")) : prefix + id;
        String clientId = null;
        for (var page : cognito().listUserPoolClientsPaginator(r -> r.userPoolId(poolId).maxResults(60))) {
            for (var client : page.userPoolClients()) {
                if (client.clientName().equals(name)) {
                    clientId = client.clientId();
                }
            }
        }
        if (clientId == null) {
            List<String> flows = new ArrayList<>();
            list(p.get("ExplicitAuthFlows")).forEach(f -> flows.add(String.valueOf(f)));
            clientId = cognito().createUserPoolClient(r -> r.userPoolId(poolId).clientName(name)
                    .generateSecret(bool(p.get("GenerateSecret")))
                    .explicitAuthFlowsWithStrings(flows)
                    .preventUserExistenceErrors((String) p.get("PreventUserExistenceErrors"))
                    .enableTokenRevocation(p.containsKey("EnableTokenRevocation") ? bool(p.get("EnableTokenRevocation")) : null))
                    .userPoolClient().clientId();
        }
        intrinsics.setRef(id, clientId);
        intrinsics.setAttribute(id, "ClientId", clientId);
    }

    private static boolean bool(Object value) {
        return Boolean.TRUE.equals(value) || "true".equals(String.valueOf(value));
    }

    private static Integer integer(Object value) {
        return value == null ? null : Integer.valueOf(String.valueOf(value));
    }

    /** A Cognito user pools client on the endpoint. */
    public synchronized CognitoIdentityProviderClient cognito() {
        if (cognito == null) {
            cognito = CognitoIdentityProviderClient.builder()
                    .endpointOverride(endpoint)
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return cognito;
    }

    /**
     * A topic's ARN, as its {@code Ref} gives it. Nothing is published through the endpoint (moto
     * does not publish SES's events, and the local run delivers to a topic's subscribers itself,
     * {@code POST /_local/sns/...}), so only the name it would have is needed.
     */
    private void nameTopic(String id) {
        String name = prefix + id;
        String arn = "arn:aws:sns:" + region.id() + ":" + ACCOUNT_ID + ":" + name;
        intrinsics.setRef(id, arn);
        intrinsics.setAttribute(id, "TopicArn", arn);
        intrinsics.setAttribute(id, "TopicName", name);
    }

    /** The SQS queue URL for a queue ARN ({@code arn:aws:sqs:region:account:name}). */
    public String queueUrl(String queueArn) {
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        return sqs().getQueueUrl(r -> r.queueName(name)).queueUrl();
    }

    /** An SQS client on the endpoint. */
    public synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder()
                    .endpointOverride(endpoint)
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return sqs;
    }

    /** An SES v2 client on the endpoint. */
    public synchronized SesV2Client sesV2() {
        if (sesV2 == null) {
            sesV2 = SesV2Client.builder()
                    .endpointOverride(endpoint)
                    .region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return sesV2;
    }

    private void createKey(String id) {
        Map<String, Object> p = map(intrinsics.resolve(template.properties(id)));
        // The alias finds the same key again on a persistent endpoint, so hashes made with it still match.
        String alias = "alias/" + prefix + id;
        KeyMetadata key;
        try {
            key = kms().describeKey(r -> r.keyId(alias)).keyMetadata();
            existing.add(id);
        } catch (NotFoundException absent) {
            key = kms().createKey(r -> r
                    .description(prefix + id)
                    .keySpec(p.containsKey("KeySpec") ? (String) p.get("KeySpec") : "SYMMETRIC_DEFAULT")
                    .keyUsage(p.containsKey("KeyUsage") ? (String) p.get("KeyUsage") : "ENCRYPT_DECRYPT"))
                    .keyMetadata();
            String keyId = key.keyId();
            kms().createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
        }
        intrinsics.setRef(id, key.keyId());
        intrinsics.setAttribute(id, "Arn", key.arn());
        intrinsics.setAttribute(id, "KeyId", key.keyId());
    }

    /** A KMS client on the endpoint, for the testkit's own set-up. */
    public synchronized KmsClient kms() {
        if (kms == null) {
            kms = KmsClient.builder()
                .endpointOverride(endpoint)
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        }
        return kms;
    }

    private static List<AttributeDefinition> attributeDefinitions(Object value) {
        List<AttributeDefinition> out = new ArrayList<>();
        for (Object item : list(value)) {
            Map<String, Object> a = map(item);
            out.add(AttributeDefinition.builder()
                    .attributeName((String) a.get("AttributeName"))
                    .attributeType((String) a.get("AttributeType"))
                    .build());
        }
        return out;
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (Object item : list(value)) {
            Map<String, Object> k = map(item);
            out.add(KeySchemaElement.builder()
                    .attributeName((String) k.get("AttributeName"))
                    .keyType((String) k.get("KeyType"))
                    .build());
        }
        return out;
    }

    /**
     * What the tests pass for the parameters a deployment must be given (no default in the
     * template: a real deployment has no sensible one): the local run's addresses.
     */
    public static final Map<String, String> LOCAL_VALUES = Map.of(
            "PublicBaseUrl", "http://127.0.0.1:3000",
            "ThankYouUrl", "http://127.0.0.1:3000/thank-you.html",
            "GroupPageUrl", "http://127.0.0.1:3000/#group-{groupId}",
            "SenderEmail", "groups@example.org");

    /** Parameter values: overrides, else the template's defaults, else the local values; list parameters become lists. */
    private static Map<String, Object> parameters(StackTemplate template, Map<String, String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameters().forEach((name, definition) -> {
            Map<String, Object> d = map(definition);
            Object raw = overrides.containsKey(name) ? overrides.get(name)
                    : d.containsKey("Default") ? d.get("Default") : LOCAL_VALUES.get(name);
            if (raw == null) {
                throw new IllegalStateException("Parameter " + name + " has no default; pass it as an override");
            }
            String text = String.valueOf(raw);
            values.put(name, String.valueOf(d.get("Type")).startsWith("CommaDelimitedList")
                    || String.valueOf(d.get("Type")).startsWith("List<")
                    ? List.of(text.split("\\s*,\\s*")) : text);
        });
        for (String name : overrides.keySet()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("template.yaml has no parameter " + name);
            }
        }
        return values;
    }

    /**
     * A function's environment as Lambda would set it: the process's own (region, credentials),
     * then {@code Globals.Function.Environment}, then the function's, every intrinsic resolved.
     */
    public Map<String, String> environment(String functionId) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("AWS_REGION", region.id());
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.putAll(map(map(template.functionGlobals().get("Environment")).get("Variables")));
        variables.putAll(map(map(template.properties(functionId).get("Environment")).get("Variables")));
        variables.forEach((name, value) -> env.put(name, intrinsics.resolveString(value)));
        return env;
    }

    /** The ARN Lambda would give a function of this deployment. */
    public String functionArn(String functionId) {
        return "arn:aws:lambda:" + region.id() + ":" + ACCOUNT_ID + ":function:" + prefix + functionId;
    }

    /** A whole-number function property (Timeout, MemorySize): the function's, else Globals', else {@code fallback}. */
    public int functionSetting(String functionId, String property, int fallback) {
        Object value = template.properties(functionId).get(property);
        if (value == null) {
            value = template.functionGlobals().get(property);
        }
        return value == null ? fallback : Integer.parseInt(intrinsics.resolveString(value));
    }

    public Env env(String functionId) {
        return new Env(environment(functionId));
    }

    public String physicalId(String logicalId) {
        return intrinsics.resolveString(Map.of("Ref", logicalId));
    }

    public Intrinsics intrinsics() {
        return intrinsics;
    }

    public StackTemplate template() {
        return template;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Region region() {
        return region;
    }

    public String prefix() {
        return prefix;
    }

    /** Whether a resource was found on the endpoint from an earlier run rather than created now. */
    public boolean reused(String logicalId) {
        return existing.contains(logicalId);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public DynamoDbEnhancedClient enhanced() {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
    }

    /**
     * Writes down, beside the calls {@link AwsCallRecorder} records, what this deployment made of the
     * template (parameters, and the names and ARNs of its resources), so that the calls can be
     * checked against the roles as this deployment would have them. A later line for the same
     * prefix replaces an earlier one.
     */
    private void record() {
        String directory = System.getProperty(AwsCallRecorder.DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank()) {
            return;
        }
        String line = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("prefix", prefix);
            json.writeFieldName("pseudo");
            Json.writeValue(json, pseudo);
            json.writeFieldName("parameters");
            Json.writeValue(json, parameterValues());
            json.writeFieldName("refs");
            Json.writeValue(json, intrinsics.refs());
            json.writeFieldName("attributes");
            Json.writeValue(json, intrinsics.attributes());
            json.writeFieldName("identities");
            Json.writeValue(json, new ArrayList<>(identities));
            json.writeEndObject();
        });
        synchronized (LocalDeployment.class) {
            try {
                Path dir = Path.of(directory);
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(RECORDS), line + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Resolved parameter values by name. */
    public Map<String, Object> parameterValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        template.parameters().keySet().forEach(name -> values.put(name, intrinsics.parameter(name)));
        return values;
    }
}
