package org.peersupport.testkit;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a function's role may do once SAM has transformed the template: its own {@code Policies}
 * (inline statements, SAM policy templates expanded to their actions, AWS managed policies), plus
 * what SAM adds by itself — {@code AWSLambdaBasicExecutionRole} on every role it generates,
 * {@code AWSLambdaDynamoDBExecutionRole} for a {@code DynamoDB} event, and {@code sqs:SendMessage}
 * (or {@code sns:Publish}) on a pull event's {@code OnFailure} destination
 * (samtranslator/model/eventsources/pull.py). A policy this class does not know is refused rather
 * than guessed at.
 */
final class Permissions {
    /** One allowed action on one resource, with where it came from. */
    record Grant(String action, String resource, Map<String, Object> condition, String source) {
        /** {@code "dynamodb:GetItem ${GroupsTable.Arn}"}: the form the allowlists are written in. */
        String text() {
            return action + " " + resource;
        }

        boolean fromTemplate() {
            return source.equals("template");
        }
    }

    /**
     * SAM policy templates (samtranslator/policy_templates_data/policy_templates.json) and the
     * actions each grants. The project uses none; should one be added, its actions are counted
     * against the function's allowlist like any other.
     */
    static final Map<String, List<String>> SAM_POLICY_TEMPLATES = Map.ofEntries(
            Map.entry("DynamoDBCrudPolicy", List.of("dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
                    "dynamodb:Scan", "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
                    "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem")),
            Map.entry("DynamoDBReadPolicy", List.of("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query",
                    "dynamodb:BatchGetItem", "dynamodb:DescribeTable")),
            Map.entry("DynamoDBWritePolicy", List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem")),
            Map.entry("DynamoDBStreamReadPolicy", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator", "dynamodb:ListStreams")),
            Map.entry("DynamoDBReconfigurePolicy", List.of("dynamodb:UpdateTable")),
            Map.entry("SQSSendMessagePolicy", List.of("sqs:SendMessage*")),
            Map.entry("SQSPollerPolicy", List.of("sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch",
                    "sqs:DeleteMessage", "sqs:DeleteMessageBatch", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")),
            Map.entry("SESCrudPolicy", List.of("ses:GetIdentityVerificationAttributes", "ses:SendEmail",
                    "ses:SendRawEmail", "ses:VerifyEmailIdentity")),
            Map.entry("SESBulkTemplatedCrudPolicy", List.of("ses:GetIdentityVerificationAttributes", "ses:SendEmail",
                    "ses:SendRawEmail", "ses:SendTemplatedEmail", "ses:SendBulkTemplatedEmail", "ses:VerifyEmailIdentity")),
            Map.entry("SESSendBouncePolicy", List.of("ses:SendBounce")),
            Map.entry("SESEmailTemplateCrudPolicy", List.of("ses:CreateTemplate", "ses:GetTemplate", "ses:ListTemplates",
                    "ses:UpdateTemplate", "ses:DeleteTemplate", "ses:TestRenderTemplate")),
            Map.entry("KMSDecryptPolicy", List.of("kms:Decrypt")),
            Map.entry("KMSEncryptPolicy", List.of("kms:Encrypt")),
            Map.entry("SNSPublishMessagePolicy", List.of("sns:Publish")),
            Map.entry("LambdaInvokePolicy", List.of("lambda:InvokeFunction")),
            Map.entry("S3ReadPolicy", List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation",
                    "s3:GetObjectVersion", "s3:GetLifecycleConfiguration")),
            Map.entry("S3WritePolicy", List.of("s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration")),
            Map.entry("S3CrudPolicy", List.of("s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation",
                    "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration",
                    "s3:PutLifecycleConfiguration", "s3:DeleteObject")),
            Map.entry("SSMParameterReadPolicy", List.of("ssm:DescribeParameters", "ssm:GetParameters",
                    "ssm:GetParameter", "ssm:GetParametersByPath")),
            Map.entry("AWSSecretsManagerGetSecretValuePolicy", List.of("secretsmanager:GetSecretValue")),
            Map.entry("CloudWatchPutMetricPolicy", List.of("cloudwatch:PutMetricData")),
            Map.entry("EventBridgePutEventsPolicy", List.of("events:PutEvents")),
            Map.entry("StepFunctionsExecutionPolicy", List.of("states:StartExecution")));

    /** AWS managed policies SAM attaches (or a template may name), by name, with their statements' actions (all on "*"). */
    static final Map<String, List<String>> MANAGED_POLICIES = Map.of(
            "AWSLambdaBasicExecutionRole", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
            "AWSLambdaDynamoDBExecutionRole", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                    "dynamodb:GetShardIterator", "dynamodb:ListStreams", "logs:CreateLogGroup", "logs:CreateLogStream",
                    "logs:PutLogEvents"));

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private Permissions() {
    }

    /** Every grant of a function's role, as deployed. */
    static List<Grant> of(StackTemplate template, String function) {
        Map<String, Object> props = template.properties(function);
        if (props.containsKey("Role")) {
            throw new AssertionError(function + " names its own Role: extend Permissions to read it");
        }
        List<Grant> grants = new ArrayList<>();
        for (Object policy : list(props.get("Policies"))) {
            if (policy instanceof String name) {
                managed(name, "managed policy " + name, grants);
                continue;
            }
            Map<String, Object> p = map(policy);
            if (p.containsKey("Statement")) {
                if (p.size() != 1 && !(p.size() == 2 && p.containsKey("Version"))) {
                    throw new AssertionError(function + ": a policy document with more than a Statement: " + p.keySet());
                }
                for (Object statement : list(p.get("Statement"))) {
                    grants.addAll(statement(map(statement), "template"));
                }
                continue;
            }
            if (p.size() != 1) {
                throw new AssertionError(function + ": cannot read policy " + p.keySet());
            }
            String name = p.keySet().iterator().next();
            List<String> actions = SAM_POLICY_TEMPLATES.get(name);
            if (actions == null) {
                throw new AssertionError(function + " uses SAM policy template " + name
                        + ", which Permissions does not know: add it from SAM's policy_templates.json");
            }
            for (String action : actions) {
                grants.add(new Grant(action, "(" + name + " " + map(p.get(name)) + ")", Map.of(), "SAM policy template " + name));
            }
        }
        // What SAM adds to the role it generates.
        managed("AWSLambdaBasicExecutionRole", "SAM: every generated role", grants);
        map(props.get("Events")).forEach((name, value) -> {
            Map<String, Object> event = map(value);
            Map<String, Object> eventProps = map(event.get("Properties"));
            if ("DynamoDB".equals(event.get("Type"))) {
                managed("AWSLambdaDynamoDBExecutionRole", "SAM: DynamoDB event " + name, grants);
            } else if (List.of("Kinesis", "SQS", "MSK", "MQ", "SelfManagedKafka", "DocumentDB").contains(event.get("Type"))) {
                throw new AssertionError(function + "." + name + ": a " + event.get("Type")
                        + " event adds permissions Permissions does not model yet");
            }
            Map<String, Object> onFailure = map(map(eventProps.get("DestinationConfig")).get("OnFailure"));
            if ("SQS".equals(onFailure.get("Type"))) {
                grants.add(new Grant("sqs:SendMessage", resource(onFailure.get("Destination")), Map.of(),
                        "SAM: OnFailure destination of " + name));
            } else if ("SNS".equals(onFailure.get("Type"))) {
                grants.add(new Grant("sns:Publish", resource(onFailure.get("Destination")), Map.of(),
                        "SAM: OnFailure destination of " + name));
            }
        });
        return grants;
    }

    /** The allowlist form of a function's grants: {@code "action resource"}, sorted. */
    static TreeSet<String> texts(List<Grant> grants) {
        TreeSet<String> texts = new TreeSet<>();
        grants.forEach(g -> texts.add(g.text()));
        return texts;
    }

    private static void managed(String nameOrArn, String source, List<Grant> grants) {
        String name = nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1);
        List<String> actions = MANAGED_POLICIES.get(name);
        if (actions == null) {
            throw new AssertionError("Managed policy " + nameOrArn + " is not known to Permissions: add its actions");
        }
        for (String action : actions) {
            grants.add(new Grant(action, "*", Map.of(), source));
        }
    }

    private static List<Grant> statement(Map<String, Object> statement, String source) {
        if (!"Allow".equals(statement.get("Effect"))) {
            throw new AssertionError("Only Allow statements are expected: " + statement);
        }
        if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
            throw new AssertionError("NotAction and NotResource grant everything else: " + statement);
        }
        List<Grant> grants = new ArrayList<>();
        Map<String, Object> condition = map(statement.get("Condition"));
        for (Object action : one(statement.get("Action"))) {
            for (Object resource : one(statement.get("Resource"))) {
                grants.add(new Grant(action.toString(), resource(resource), condition, source));
            }
        }
        return grants;
    }

    private static List<Object> one(Object value) {
        return value instanceof List ? list(value) : List.of(value);
    }

    /**
     * A resource as the allowlists write it: {@code ${Table.Arn}} for {@code !GetAtt Table.Arn},
     * {@code ${Name}} for {@code !Ref Name}, a {@code !Sub} string with its variables filled in the
     * same way (a computed one keeps its name), {@code *} as itself.
     */
    static String resource(Object value) {
        if (value instanceof String s) {
            return s;
        }
        Map<String, Object> intrinsic = map(value);
        if (intrinsic.containsKey("Fn::GetAtt")) {
            List<Object> parts = list(intrinsic.get("Fn::GetAtt"));
            return "${" + parts.get(0) + "." + parts.get(1) + "}";
        }
        if (intrinsic.containsKey("Ref")) {
            return "${" + intrinsic.get("Ref") + "}";
        }
        if (intrinsic.containsKey("Fn::Sub")) {
            Object sub = intrinsic.get("Fn::Sub");
            if (sub instanceof String s) {
                return s;
            }
            List<Object> parts = list(sub);
            Map<String, Object> variables = map(parts.get(1));
            Matcher m = SUB_VARIABLE.matcher((String) parts.get(0));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                Object bound = variables.get(m.group(1));
                boolean simple = map(bound).containsKey("Ref") || map(bound).containsKey("Fn::GetAtt");
                String replacement = simple ? resource(bound) : m.group();
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        throw new AssertionError("Cannot read resource " + value);
    }
}
