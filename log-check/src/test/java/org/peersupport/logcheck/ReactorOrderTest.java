package org.peersupport.logcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Maven orders the reactor by dependencies only, and {@code -T 2} runs modules side by side. This
 * module reads every other module's test output, so it is in no reactor with them: the root pom
 * names it only in the {@code log-check} profile, and {@code ./run-tests} runs it in a Maven
 * invocation of its own once the others have finished; a full run then holds every module with
 * tests to having written output. {@code local}, whose tests run every function's jar, declares
 * those functions as dependencies: that list is held to the template here.
 */
class ReactorOrderTest {
    private static final String GROUP = "org.peersupport";

    @Test
    void theChecks_areInNoReactorWithTheModulesTheyRead() throws Exception {
        Map<String, Module> modules = modules();
        assertTrue(modules.size() > 15, "too few modules found: " + modules.keySet());
        assertFalse(modules.containsKey("log-check"), "log-check is a module of the default build, where -T 2 may "
                + "run it before the modules whose output it reads: name it only in the root pom's log-check profile");
        String runTests = Files.readString(Repo.root().resolve("run-tests"));
        assertTrue(runTests.contains("-P log-check -pl log-check"), "run-tests does not run log-check after the others");
    }

    @Test
    void aFullRun_hadEveryModuleWithTestsWriteOutput() throws Exception {
        SuiteRun run = SuiteRun.of(Repo.root());
        assumeTrue(System.getProperty("log-check.since") != null && !run.partial(),
                "a full run of ./run-tests only: here some modules may not have been built");
        Set<String> silent = new TreeSet<>();
        for (Module module : modules().values()) {
            if (Files.isDirectory(module.dir.resolve("src/test"))
                    && !NoPersonalDataInLogsTest.wroteOutput(run, module.dir.resolve("target"))) {
                silent.add(module.artifactId);
            }
        }
        assertEquals(Set.of(), silent, "modules with tests that wrote no test output in this run");
    }

    @Test
    void everyFunctionOfTheTemplate_isBuiltBeforeTheLocalServersTests() throws Exception {
        Map<String, Module> modules = modules();
        Set<String> before = reach(modules, "local");
        Set<String> missing = new TreeSet<>();
        StackTemplate template = StackTemplate.load();
        for (String id : template.ofType("AWS::Serverless::Function")) {
            String codeUri = String.valueOf(template.properties(id).get("CodeUri"));
            String artifactId = Path.of(codeUri).getName(1).toString();
            assertTrue(modules.containsKey(artifactId), id + "'s CodeUri " + codeUri + " names no module");
            if (!before.contains(artifactId)) {
                missing.add(artifactId + " (" + id + ")");
            }
        }
        assertEquals(Set.of(), missing, "functions whose jars local's tests run, but which local/pom.xml does not "
                + "put before it (add each as a dependency there, as the others are)");
    }

    /** Every module of the default build, by artifactId, from the root pom's modules down (no profile's). */
    private static Map<String, Module> modules() throws Exception {
        Map<String, Module> modules = new LinkedHashMap<>();
        Deque<Path> dirs = new ArrayDeque<>(List.of(Repo.root()));
        while (!dirs.isEmpty()) {
            Path dir = dirs.pop();
            Element project = read(dir.resolve("pom.xml"));
            Module module = new Module(child(project, "artifactId"), dir, parent(project), dependencies(project));
            modules.put(module.artifactId, module);
            for (String name : texts(project, "modules", "module")) {
                dirs.push(dir.resolve(name).normalize());
            }
        }
        return modules;
    }

    /** The modules built before {@code artifactId}: its project dependencies, its parents', and theirs. */
    private static Set<String> reach(Map<String, Module> modules, String artifactId) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(artifactId));
        while (!next.isEmpty()) {
            Module module = modules.get(next.pop());
            if (module == null) {
                continue;
            }
            List<String> edges = new ArrayList<>(module.dependencies);
            if (module.parent != null) {
                edges.add(module.parent);
            }
            for (String edge : edges) {
                if (seen.add(edge)) {
                    next.push(edge);
                }
            }
        }
        return seen;
    }

    private static Element read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static String parent(Element project) {
        Element parent = element(project, "parent");
        return parent != null && GROUP.equals(child(parent, "groupId")) ? child(parent, "artifactId") : null;
    }

    /** The project's own dependencies on this build's modules (not its dependency management). */
    private static List<String> dependencies(Element project) {
        List<String> found = new ArrayList<>();
        Element dependencies = element(project, "dependencies");
        if (dependencies == null) {
            return found;
        }
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element dependency && dependency.getTagName().equals("dependency")) {
                String group = child(dependency, "groupId");
                if (GROUP.equals(group) || "${project.groupId}".equals(group)) {
                    found.add(child(dependency, "artifactId"));
                }
            }
        }
        return found;
    }

    private static List<String> texts(Element parent, String list, String item) {
        List<String> found = new ArrayList<>();
        Element container = element(parent, list);
        if (container != null) {
            for (Node n = container.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(item)) {
                    found.add(e.getTextContent().strip());
                }
            }
        }
        return found;
    }

    private static Element element(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private record Module(String artifactId, Path dir, String parent, List<String> dependencies) {
    }
}
