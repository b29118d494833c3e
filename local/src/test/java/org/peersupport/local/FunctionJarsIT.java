package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ibm.icu.text.IDNA;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.Repo;
import org.peersupport.testkit.StackTemplate;

/**
 * The deployed jars themselves, as template.yaml names them: each within Lambda's budget for this
 * project (12 MiB), and each that reads email addresses able to make any of them canonical with
 * the part of ICU4J it was shaded with — every code point in a domain label, canonicalised inside
 * the jar in a class loader of its own, gives what the whole of ICU4J's UTS #46 gives. A class or
 * data file left out of the shade filter fails here, not on a sign-up.
 */
class FunctionJarsIT {
    static final long BUDGET = 12L * 1024 * 1024;
    static final IDNA UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
            | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES);

    static Map<String, Path> jars() {
        StackTemplate template = StackTemplate.load();
        Map<String, Path> jars = new TreeMap<>();
        for (String function : template.ofType("AWS::Serverless::Function")) {
            jars.put(function, Repo.root().resolve((String) template.properties(function).get("CodeUri")));
        }
        return jars;
    }

    @Test
    void everyFunctionJar_isWithinTheBudget() throws Exception {
        List<String> sizes = new ArrayList<>();
        for (Map.Entry<String, Path> jar : jars().entrySet()) {
            long size = Files.size(jar.getValue());
            sizes.add(jar.getKey() + "=" + size);
            assertTrue(size <= BUDGET, jar.getKey() + " is " + size + " bytes, over " + BUDGET);
        }
        System.out.println("JAR sizes (bytes): " + String.join(" ", sizes));
    }

    @Test
    void jarsWithIcu_canonicaliseEveryCodePoint_asTheWholeOfIcuDoes() throws Exception {
        int checked = 0;
        for (Map.Entry<String, Path> jar : jars().entrySet()) {
            try (JarFile file = new JarFile(jar.getValue().toFile())) {
                if (file.getEntry("com/ibm/icu/text/IDNA.class") == null) {
                    continue;
                }
            }
            checked++;
            try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.getValue().toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> type = loader.loadClass("org.peersupport.shared.privacy.EmailAddress");
                Method of = type.getMethod("of", String.class);
                Method value = type.getMethod("value");
                int differences = 0;
                String first = null;
                for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
                    if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                        continue;
                    }
                    String c = new String(Character.toChars(cp));
                    for (String domain : new String[] {"a" + c + "b.example", c + ".example", "\u05D0" + c + ".example"}) {
                        Object address = of.invoke(null, "x@" + domain);
                        String inJar = address == null ? null : ((String) value.invoke(address)).substring(2);
                        String expected = oracle(domain);
                        if (expected != null && !(inJar != null && inJar.equals(expected))
                                || expected == null && inJar != null) {
                            differences++;
                            first = first == null ? String.format("U+%04X in %s: %s, ICU4J %s", cp, domain, inJar, expected) : first;
                        }
                    }
                }
                assertEquals(0, differences, jar.getKey() + ": " + first);
            }
        }
        assertTrue(checked >= 2, "create-signup and erase-signups read addresses: " + checked);
    }

    /** What ICU4J's UTS #46 makes of a domain, lower-cased ASCII, or null when it refuses it or it is no host name. */
    static String oracle(String domain) {
        IDNA.Info info = new IDNA.Info();
        StringBuilder out = new StringBuilder();
        UTS46.nameToASCII(domain, out, info);
        String ascii = out.toString();
        return info.hasErrors() || !ascii.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]{2,}|xn--[a-z0-9-]+)")
                || ascii.length() > 253 ? null : ascii;
    }
}
