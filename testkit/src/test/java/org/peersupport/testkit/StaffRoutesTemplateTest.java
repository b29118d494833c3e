package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The staff routes are IAM-authorised, and the policy staff attach grants exactly those routes. */
class StaffRoutesTemplateTest {
    private final StackTemplate template = StackTemplate.load();

    @Test
    void everyStaffRoute_usesTheIamAuthorizer_andNoOtherRouteDoes() {
        assertEquals(true, StackTemplate.map(template.properties("Api").get("Auth")).get("EnableIamAuthorizer"));
        int staff = 0;
        for (StackTemplate.Route route : template.routes()) {
            if (route.path().equals("/staff") || route.path().startsWith("/staff/")) {
                assertEquals("AWS_IAM", route.authorizer(), route.routeKey());
                staff++;
            } else {
                assertNull(route.authorizer(), route.routeKey() + " is public and needs no signature");
            }
        }
        assertEquals(9, staff);
    }

    @Test
    void staffPolicy_allowsInvokeOnTheStaffRoutesOnly_andIsExported() {
        assertEquals("AWS::IAM::ManagedPolicy", template.type("StaffApiPolicy"));
        Map<String, Object> document = StackTemplate.map(template.properties("StaffApiPolicy").get("PolicyDocument"));
        List<Object> statements = StackTemplate.list(document.get("Statement"));
        assertEquals(1, statements.size());
        Map<String, Object> statement = StackTemplate.map(statements.get(0));
        assertEquals("Allow", statement.get("Effect"));
        assertEquals("execute-api:Invoke", statement.get("Action"));
        List<String> resources = StackTemplate.list(statement.get("Resource")).stream()
                .map(r -> (String) StackTemplate.map(r).get("Fn::Sub")).toList();
        assertEquals(List.of(
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/*/staff",
                "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/*/staff/*"), resources);
        Map<String, Object> output = StackTemplate.map(template.outputs().get("StaffApiPolicyArn"));
        assertEquals(Map.of("Ref", "StaffApiPolicy"), output.get("Value"));
        assertTrue(StackTemplate.map(output.get("Export")).containsKey("Name"));
    }

    @Test
    void auditTable_isEncryptedKeptAndExpiresAfterAYear() {
        Map<String, Object> table = template.resource("AuditTable");
        assertEquals("Retain", table.get("DeletionPolicy"));
        Map<String, Object> p = template.properties("AuditTable");
        assertEquals(true, p.get("DeletionProtectionEnabled"));
        assertEquals(Map.of("Ref", "DataKey"), StackTemplate.map(p.get("SSESpecification")).get("KMSMasterKeyId"));
        assertEquals(true, StackTemplate.map(p.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"));
        assertEquals("expiresAt", StackTemplate.map(p.get("TimeToLiveSpecification")).get("AttributeName"));
    }

    @Test
    void staffFunctions_haveTheirOwnLogGroups_andNoSamCrudPolicies() {
        for (String function : List.of("ExportSignupsFunction", "ManageGroupsFunction", "EraseSignupsFunction",
                "ListAuditFunction")) {
            Map<String, Object> p = template.properties(function);
            assertTrue(StackTemplate.map(p.get("LoggingConfig")).containsKey("LogGroup"), function);
            for (Object policy : StackTemplate.list(p.get("Policies"))) {
                assertFalse(policy instanceof String || StackTemplate.map(policy).keySet().stream()
                        .anyMatch(k -> k.endsWith("Policy")), function + " uses a SAM policy template");
            }
        }
    }
}
