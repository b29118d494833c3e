package org.peersupport.testkit.calls;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.testkit.StackTemplate;

/**
 * Each function's role as SAM deploys it, read from SAM's own transform of the template
 * ({@code scripts/sam-translate}): the inline policies SAM writes from the function's
 * {@code Policies} (policy templates expanded by SAM itself), what SAM adds (an event source's
 * on-failure destination), any {@code AWS::IAM::Policy} attached to the role, and the AWS managed
 * policies it attaches.
 */
public final class RolePolicies {
    /**
     * AWS managed policies SAM attaches, as AWS publishes them (AWS Managed Policy Reference Guide:
     * AWSLambdaBasicExecutionRole, AWSLambdaDynamoDBExecutionRole). Lambda itself uses them (logs,
     * an event source mapping's reads); they cannot be narrowed while SAM makes the role.
     */
    static final Map<String, List<Map<String, Object>>> AWS_MANAGED = Map.of(
            "AWSLambdaBasicExecutionRole", List.of(Map.of("Effect", "Allow", "Resource", "*",
                    "Action", List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))),
            "AWSLambdaDynamoDBExecutionRole", List.of(Map.of("Effect", "Allow", "Resource", "*",
                    "Action", List.of("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                            "dynamodb:ListStreams", "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"))));

    /** One statement of a function's role, as written (intrinsics unresolved). */
    public record Grant(String function, String policy, String sid, int index, boolean awsManaged,
                        Map<String, Object> statement) {
        /** Its actions, as written. */
        public List<String> actions() {
            return IamPolicy.strings(statement.get("Action"));
        }

        /** Its resources, as written (intrinsics unresolved), in order. */
        public List<Object> resources() {
            Object resource = statement.get("Resource");
            return resource instanceof List ? list(resource) : List.of(resource);
        }

        /** How a message names it: its Sid and policy, or its place in the policy. */
        public String label() {
            return sid != null ? sid + " (" + policy + ")" : "statement " + (index + 1) + " of " + policy;
        }
    }

    private RolePolicies() {
    }

    /** Every function of {@code original}, with its role's statements from {@code translated}. */
    public static Map<String, List<Grant>> of(StackTemplate original, StackTemplate translated) {
        Map<String, List<Grant>> roles = new LinkedHashMap<>();
        for (String function : original.ofType("AWS::Serverless::Function")) {
            Object role = translated.properties(function).get("Role");
            List<Object> getAtt = list(map(role).get("Fn::GetAtt"));
            if (getAtt.size() != 2 || !"Arn".equals(getAtt.get(1))) {
                throw new IllegalStateException(function + "'s role is " + role
                        + ", not one in this template: the least-privilege check reads roles from the template only");
            }
            roles.put(function, grants(function, String.valueOf(getAtt.get(0)), translated));
        }
        return roles;
    }

    private static List<Grant> grants(String function, String roleId, StackTemplate translated) {
        Map<String, Object> role = translated.properties(roleId);
        List<Grant> grants = new ArrayList<>();
        for (Object policy : list(role.get("Policies"))) {
            Map<String, Object> p = map(policy);
            addStatements(function, String.valueOf(p.get("PolicyName")), map(p.get("PolicyDocument")), false, grants);
        }
        for (String id : translated.ofType("AWS::IAM::Policy")) {
            Map<String, Object> p = translated.properties(id);
            if (list(p.get("Roles")).contains(Map.of("Ref", roleId))) {
                addStatements(function, id, map(p.get("PolicyDocument")), false, grants);
            }
        }
        for (Object arn : list(role.get("ManagedPolicyArns"))) {
            String text = arn instanceof String s ? s : String.valueOf(map(arn).get("Fn::Sub"));
            String name = text.substring(text.lastIndexOf('/') + 1);
            List<Map<String, Object>> statements = AWS_MANAGED.get(name);
            if (statements == null || !text.contains(":iam::aws:policy/")) {
                throw new IllegalStateException(function + "'s role has managed policy " + text
                        + ", which the least-privilege check does not know: add its statements to RolePolicies.AWS_MANAGED");
            }
            addStatements(function, name, Map.of("Statement", statements), true, grants);
        }
        return grants;
    }

    private static void addStatements(String function, String policy, Map<String, Object> document, boolean managed,
                                      List<Grant> grants) {
        Object statements = document.get("Statement");
        List<Object> all = statements instanceof List ? list(statements) : List.of(statements);
        for (int i = 0; i < all.size(); i++) {
            Map<String, Object> statement = map(all.get(i));
            if (statement.containsKey("NotAction") || statement.containsKey("NotResource")) {
                throw new IllegalStateException(function + ": " + policy + " uses NotAction or NotResource, "
                        + "which grant everything else; the least-privilege check refuses them");
            }
            grants.add(new Grant(function, policy, (String) statement.get("Sid"), i, managed, statement));
        }
    }
}
