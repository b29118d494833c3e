package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.StackTemplate;

/** What template.yaml promises about the sign-up data and the two sign-up functions. */
class SignupStackTest {
    private final StackTemplate template = StackTemplate.load();

    @Test
    void signupsTable_isEncryptedWithARotatedCustomerKey_recoverable_protected_retained_streamedAndExpiring() {
        Map<String, Object> table = template.resource("SignupsTable");
        assertEquals("Retain", table.get("DeletionPolicy"));
        assertEquals("Retain", table.get("UpdateReplacePolicy"));
        Map<String, Object> p = template.properties("SignupsTable");
        assertEquals(true, p.get("DeletionProtectionEnabled"));
        assertEquals(true, map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"));
        Map<String, Object> sse = map(p.get("SSESpecification"));
        assertEquals(true, sse.get("SSEEnabled"));
        assertEquals("KMS", sse.get("SSEType"));
        assertEquals(Map.of("Ref", "DataKey"), sse.get("KMSMasterKeyId"));
        assertEquals(true, template.properties("DataKey").get("EnableKeyRotation"));
        assertEquals("KEYS_ONLY", map(p.get("StreamSpecification")).get("StreamViewType"));
        assertEquals(Map.of("AttributeName", "expiresAt", "Enabled", true), p.get("TimeToLiveSpecification"));
        assertEquals("Retain", template.resource("DataKey").get("DeletionPolicy"));
        assertEquals("Retain", template.resource("EmailHashKey").get("DeletionPolicy"));
    }

    @Test
    void parameters_haveTheContractsNamesAndDefaults() {
        Map<String, Object> parameters = template.parameters();
        assertEquals(180, map(parameters.get("RetentionDays")).get("Default"));
        assertEquals(10, map(parameters.get("SignupsPerIpPerHour")).get("Default"));
        assertEquals(5, map(parameters.get("SignupsPerEmailPerDay")).get("Default"));
        assertTrue(map(parameters.get("ThankYouUrl")).containsKey("Default"));
        Map<String, Object> env = map(map(template.properties("CreateSignupFunction").get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", "ThankYouUrl"), env.get("THANK_YOU_URL"));
        assertEquals(Map.of("Ref", "RetentionDays"), env.get("RETENTION_DAYS"));
        assertEquals(Map.of("Ref", "SignupsPerIpPerHour"), env.get("SIGNUPS_PER_IP_PER_HOUR"));
        assertEquals(Map.of("Ref", "SignupsPerEmailPerDay"), env.get("SIGNUPS_PER_EMAIL_PER_DAY"));
    }

    /** Least privilege, visible in the template: no SAM policy templates, no wildcards, only these actions. */
    @Test
    void signupFunctions_mayDoOnlyWhatTheyNeed() {
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "kms:GenerateMac",
                "kms:Decrypt", "kms:GenerateDataKey"), actions("CreateSignupFunction"));
        assertEquals(Set.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:DeleteItem", "dynamodb:UpdateItem",
                "kms:Decrypt", "kms:GenerateDataKey"), actions("WithdrawSignupFunction"));
        // create-signup may GetItem on the Signups table only for the COUNT item's own attributes
        Map<String, Object> readPlaces = statement("CreateSignupFunction", "ReadConfirmedPlacesOnly");
        assertEquals(List.of("version", "placesByExpiryDay"), map(map(readPlaces.get("Condition"))
                .get("ForAllValues:StringEquals")).get("dynamodb:Attributes"));
        Map<String, Object> readState = statement("WithdrawSignupFunction", "ReadSignupStateOnly");
        Object allowed = map(map(readState.get("Condition")).get("ForAllValues:StringEquals")).get("dynamodb:Attributes");
        for (String personal : List.of("firstName", "email", "phone", "emergencyContactName", "emergencyContactPhone")) {
            assertFalse(list(allowed).contains(personal), personal);
        }
    }

    @Test
    void signupFunctions_eachLogToTheirOwnGroup_withRetention() {
        for (String function : List.of("CreateSignupFunction", "WithdrawSignupFunction")) {
            Map<String, Object> logging = map(template.properties(function).get("LoggingConfig"));
            String group = (String) map(logging.get("LogGroup")).get("Ref");
            assertEquals("AWS::Logs::LogGroup", template.type(group), function);
            assertEquals(Map.of("Ref", "LogRetentionDays"), template.properties(group).get("RetentionInDays"));
        }
    }

    private Set<String> actions(String function) {
        Set<String> actions = new HashSet<>();
        for (Map<String, Object> statement : statements(function)) {
            assertEquals("Allow", statement.get("Effect"));
            Object action = statement.get("Action");
            for (Object a : action instanceof List ? list(action) : List.of(action)) {
                assertFalse(a.toString().contains("*"), function + " " + a);
                actions.add(a.toString());
            }
            assertFalse(String.valueOf(statement.get("Resource")).equals("*"), function);
        }
        return actions;
    }

    private Map<String, Object> statement(String function, String sid) {
        return statements(function).stream().filter(s -> sid.equals(s.get("Sid"))).findFirst().orElseThrow();
    }

    private List<Map<String, Object>> statements(String function) {
        List<Map<String, Object>> statements = new ArrayList<>();
        for (Object policy : list(template.properties(function).get("Policies"))) {
            Map<String, Object> p = map(policy);
            assertEquals(Set.of("Statement"), p.keySet(), function + ": inline statements only, no SAM policy templates");
            list(p.get("Statement")).forEach(s -> statements.add(map(s)));
        }
        return statements;
    }
}
