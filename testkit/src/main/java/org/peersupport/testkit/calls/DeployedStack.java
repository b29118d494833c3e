package org.peersupport.testkit.calls;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.testkit.Intrinsics;
import org.peersupport.testkit.StackTemplate;

/**
 * SAM's transform of the template as one recorded deployment made it: its parameters, and the
 * names and ARNs its resources got on the endpoint. It resolves role statements to what that
 * deployment's roles would hold, and answers what the access requests need (which table a name
 * is, its keys, the key that encrypts it).
 */
final class DeployedStack {
    private final CallRecords.Deployment record;
    private final StackTemplate translated;
    private final Intrinsics intrinsics;
    private final Map<String, String> logicalIds = new HashMap<>();
    private final Map<RolePolicies.Grant, IamPolicy.Statement> resolved = new HashMap<>();

    DeployedStack(CallRecords.Deployment record, StackTemplate translated) {
        this.record = record;
        this.translated = translated;
        Map<String, Object> parameters = new LinkedHashMap<>(record.parameters());
        this.intrinsics = new Intrinsics(translated, parameters, record.pseudo());
        record.refs().forEach((id, value) -> {
            intrinsics.setRef(id, value);
            logicalIds.putIfAbsent(value, id);
        });
        record.attributes().forEach((name, value) -> {
            int dot = name.indexOf('.');
            intrinsics.setAttribute(name.substring(0, dot), name.substring(dot + 1), value);
            logicalIds.putIfAbsent(value, name.substring(0, dot));
        });
    }

    CallRecords.Deployment record() {
        return record;
    }

    String region() {
        return record.pseudo().get("AWS::Region");
    }

    String account() {
        return record.pseudo().get("AWS::AccountId");
    }

    /** The logical id of a resource from its name, URL, id or ARN in this deployment, or null. */
    String logicalId(String physical) {
        return logicalIds.get(physical);
    }

    String ref(String logicalId) {
        return record.refs().get(logicalId);
    }

    String attribute(String logicalId, String name) {
        return record.attributes().get(logicalId + "." + name);
    }

    String parameter(String name) {
        Object value = record.parameters().get(name);
        return value == null ? null : String.valueOf(value);
    }

    /**
     * A text with this deployment's names, URLs, ids and ARNs written as the template's
     * ({@code ${SignupsTable}}, {@code ${EmailHashKey.Arn}}), so that the same finding in several
     * deployments reads, and counts, as one.
     */
    String inTemplateTerms(String text) {
        Map<String, String> names = new HashMap<>();
        record.refs().forEach((id, value) -> names.put(value, "${" + id + "}"));
        record.attributes().forEach((attribute, value) -> names.put(value, "${" + attribute + "}"));
        List<String> longestFirst = new ArrayList<>(names.keySet());
        longestFirst.sort((a, b) -> b.length() - a.length());
        String out = text;
        for (String value : longestFirst) {
            if (value.length() >= 8) {
                out = out.replace(value, names.get(value));
            }
        }
        return out;
    }

    /** A table's key attributes: the table's own (index null), or the table's and the index's. */
    List<String> keyAttributes(String tableId, String index) {
        Map<String, Object> properties = translated.properties(tableId);
        List<String> keys = new ArrayList<>(keyNames(properties.get("KeySchema")));
        if (index != null) {
            for (Object gsi : list(properties.get("GlobalSecondaryIndexes"))) {
                if (index.equals(map(gsi).get("IndexName"))) {
                    keyNames(map(gsi).get("KeySchema")).stream().filter(k -> !keys.contains(k)).forEach(keys::add);
                }
            }
            for (Object lsi : list(properties.get("LocalSecondaryIndexes"))) {
                if (index.equals(map(lsi).get("IndexName"))) {
                    keyNames(map(lsi).get("KeySchema")).stream().filter(k -> !keys.contains(k)).forEach(keys::add);
                }
            }
        }
        return keys;
    }

    static List<String> keyNames(Object keySchema) {
        List<String> names = new ArrayList<>();
        list(keySchema).forEach(k -> names.add(String.valueOf(map(k).get("AttributeName"))));
        return names;
    }

    /**
     * The ARN of the customer managed KMS key that encrypts a table, or null when it is encrypted
     * with a key owned or managed by AWS (whose use needs nothing in the caller's role).
     */
    String customerKeyArn(String tableId) {
        Map<String, Object> sse = map(translated.properties(tableId).get("SSESpecification"));
        Object key = sse.get("KMSMasterKeyId");
        if (!"KMS".equals(sse.get("SSEType")) || key == null) {
            return null;
        }
        String id = intrinsics.resolveString(key);
        return keyArn(id);
    }

    /** A KMS key's ARN from its id, ARN or alias in this deployment. */
    String keyArn(String keyId) {
        if (keyId.startsWith("arn:")) {
            return keyId;
        }
        String logical = logicalIds.get(keyId);
        if (logical != null && attribute(logical, "Arn") != null) {
            return attribute(logical, "Arn");
        }
        return "arn:aws:kms:" + region() + ":" + account() + ":" + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }

    /** A grant resolved for this deployment. */
    IamPolicy.Statement resolve(RolePolicies.Grant grant) {
        return resolved.computeIfAbsent(grant, g -> {
            Map<String, Object> statement = g.statement();
            Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
            map(statement.get("Condition")).forEach((operator, keys) -> {
                Map<String, List<String>> resolvedKeys = new LinkedHashMap<>();
                map(keys).forEach((key, values) -> resolvedKeys.put(key, IamPolicy.strings(resolveSafely(values))));
                conditions.put(operator, resolvedKeys);
            });
            return new IamPolicy.Statement(g, String.valueOf(statement.get("Effect")),
                    IamPolicy.strings(resolveSafely(statement.get("Action"))),
                    IamPolicy.strings(resolveSafely(statement.get("Resource"))), conditions);
        });
    }

    /** Resolves, leaving what names nothing this deployment has as a placeholder that matches nothing. */
    private Object resolveSafely(Object value) {
        try {
            return intrinsics.resolve(value);
        } catch (IllegalStateException | IllegalArgumentException unresolved) {
            return "(unresolved " + value + ")";
        }
    }
}
