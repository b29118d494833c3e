package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The template against the real tools: cfn-lint, and tables built from it on moto. */
class TemplateIT {
    private final StackTemplate template = StackTemplate.load();

    @Test
    void cfnLint_reportsNothing() throws Exception {
        Process lint = new ProcessBuilder(Tools.python("cfn-lint"), "template.yaml")
                .directory(Repo.root().toFile()).redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(lint.waitFor(120, TimeUnit.SECONDS));
        assertEquals("", output.strip());
        assertEquals(0, lint.exitValue());
    }

    @Test
    void tablesCreatedLocally_haveTheTemplatesKeys() {
        LocalDeployment deployment = LocalDeployment.create();
        for (String table : template.ofType("AWS::DynamoDB::Table")) {
            var description = deployment.dynamoDb().describeTable(r -> r.tableName(deployment.physicalId(table))).table();
            List<Object> keys = StackTemplate.list(template.properties(table).get("KeySchema"));
            assertEquals(keys.size(), description.keySchema().size(), table);
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(StackTemplate.map(keys.get(i)).get("AttributeName"),
                        description.keySchema().get(i).attributeName(), table);
            }
        }
    }

}
