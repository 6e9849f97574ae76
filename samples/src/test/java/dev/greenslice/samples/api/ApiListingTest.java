package dev.greenslice.samples.api;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The public API of every library module, as checked-in listings under {@code api/<module>.txt}: every public type
 * (of an exported package, once the module has a {@code module-info}) with its public and protected members. A
 * change to the API fails this test until the listing is regenerated and committed, so that every API change is a
 * visible, reviewed diff. Regenerate with
 * {@code ./mvnw -q -o -pl samples -am test -Dtest=ApiListingTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dapi.listing.update=true -Djavadoc.check.skip=true}.
 *
 * <p>The modules are found on the test class path: every entry that is a sibling module's {@code target/classes}
 * or {@code target/*.jar} (a reactor build resolves to either) except this module's own.
 */
class ApiListingTest {

    private static final String UPDATE = "api.listing.update";

    @Test
    void everyLibraryModulesPublicApiMatchesItsCheckedInListing() throws IOException {
        Path root = repositoryRoot();
        Map<String, Path> modules = libraryModules(root);
        assertTrue(modules.containsKey("carbon-api"), "carbon-api not found on the test class path: " + modules);
        Path dir = root.resolve("api");
        boolean update = Boolean.getBoolean(UPDATE);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> m : modules.entrySet()) {
            String listing = ApiListing.of(m.getKey(), m.getValue());
            Path file = dir.resolve(m.getKey() + ".txt");
            if (update) {
                Files.createDirectories(dir);
                Files.writeString(file, listing, StandardCharsets.UTF_8);
                continue;
            }
            String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (!expected.equals(listing)) {
                problems.add(ApiListing.diff(m.getKey(), expected, listing));
            }
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt"))
                        .map(n -> n.substring(0, n.length() - 4)).filter(n -> !modules.containsKey(n))
                        .forEach(n -> problems.add("api/" + n + ".txt lists a module that is not a library module on "
                                + "the class path any more: delete it"));
            }
        }
        if (!problems.isEmpty()) {
            fail("The public API changed. If that is deliberate, regenerate the listings with -D" + UPDATE
                    + "=true (see this test's Javadoc), review the diff and commit it.\n" + String.join("\n", problems));
        }
    }

    @Test
    void aListingNamesEveryPublicMemberAndNothingPrivate() {
        String listing = ApiListing.typeListing(Sample.class);
        assertTrue(listing.startsWith("public static final class dev.greenslice.samples.api.ApiListingTest.Sample\n"),
                listing);
        assertTrue(listing.contains("  public java.util.List<java.lang.String> names()\n"), listing);
        assertTrue(listing.contains("  public static dev.greenslice.samples.api.ApiListingTest.Sample of(int)\n"),
                listing);
        assertTrue(listing.contains("  public static final int LIMIT\n"), listing);
        assertFalse(listing.contains("hidden"), listing);
        assertFalse(listing.contains("Sample()"), "a private constructor is not API: " + listing);
    }

    @Test
    void aChangedListingIsReportedWithTheLinesThatDiffer() {
        String d = ApiListing.diff("m", "a\nb\nc\n", "a\nc\nd\n");
        assertEquals("api/m.txt: - b\napi/m.txt: + d", d);
    }

    /** A type whose listing the test knows. */
    public static final class Sample {
        /** A public constant. */
        public static final int LIMIT = 3;
        private int hidden;

        private Sample() {
        }

        /**
         * A factory.
         *
         * @param n ignored
         * @return a sample
         */
        public static Sample of(int n) {
            Sample s = new Sample();
            s.hidden = n;
            return s;
        }

        /** @return names */
        public List<String> names() {
            return List.of(String.valueOf(hidden));
        }
    }

    private static Path repositoryRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        assertTrue(p != null, "no repository root (a directory with mvnw) above " + Paths.get("").toAbsolutePath());
        return p;
    }

    // module directory name -> its classes directory or jar
    private static Map<String, Path> libraryModules(Path root) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Map<String, Path> out = new TreeMap<>();
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Paths.get(e).toAbsolutePath().normalize();
            Path target = p.getParent();
            if (target == null || !target.getFileName().toString().equals("target") || !p.startsWith(root)) {
                continue;
            }
            boolean classes = p.getFileName().toString().equals("classes") && Files.isDirectory(p);
            String n = p.getFileName().toString();
            boolean jar = n.endsWith(".jar") && !n.endsWith("-tests.jar") && !n.endsWith("-sources.jar")
                    && !n.endsWith("-javadoc.jar") && Files.isRegularFile(p);
            Path module = target.getParent();
            if ((classes || jar) && module != null && !module.getFileName().toString().equals("samples")) {
                out.put(module.getFileName().toString(), p);
            }
        }
        return out;
    }

    /** The listing format, and reading a module's classes from a directory or a jar. */
    static final class ApiListing {

        private ApiListing() {
        }

        static String of(String module, Path location) throws IOException {
            // nested types after their enclosing type: '$' sorts before '.', '~' after every name character
            Set<String> classNames = new TreeSet<>(java.util.Comparator.comparing((String n) -> n.replace('$', '~')));
            Set<String> exported = null;
            if (Files.isDirectory(location)) {
                try (Stream<Path> s = Files.walk(location)) {
                    s.filter(f -> f.toString().endsWith(".class"))
                            .map(f -> location.relativize(f).toString().replace(File.separatorChar, '/'))
                            .forEach(classNames::add);
                }
                Path mi = location.resolve("module-info.class");
                if (Files.exists(mi)) {
                    try (InputStream in = Files.newInputStream(mi)) {
                        exported = exports(ModuleDescriptor.read(in));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(j -> j.getName()).filter(n -> n.endsWith(".class")
                            && !n.startsWith("META-INF/")).forEach(classNames::add);
                    var mi = jar.getEntry("module-info.class");
                    if (mi != null) {
                        try (InputStream in = jar.getInputStream(mi)) {
                            exported = exports(ModuleDescriptor.read(in));
                        }
                    }
                }
            }
            if (exported == null) {
                exported = exportsInSource(location);
            }
            StringBuilder b = new StringBuilder();
            b.append("# The public API of module ").append(module)
                    .append(": every public type (of an exported package, if the module has a descriptor)")
                    .append(" with its public and protected members.\n")
                    .append("# Checked by samples' ApiListingTest; regenerate with -D").append(UPDATE)
                    .append("=true (see that test) and review the diff.\n");
            int types = 0;
            for (String file : classNames) {
                String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                String pkg = name.substring(0, name.lastIndexOf('.'));
                if (exported != null && !exported.contains(pkg)) {
                    continue;
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, ApiListingTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("Cannot load " + name + " of " + module + ": " + e, e);
                }
                if (!isApi(c)) {
                    continue;
                }
                b.append(typeListing(c));
                types++;
            }
            b.append("# ").append(types).append(" public types\n");
            return b.toString();
        }

        // A module whose descriptor is compiled only when it is packaged (opentelemetry) has none in target/classes
        // during a `test` run: read the unqualified exports from its module-info.java so both runs list the same.
        private static Set<String> exportsInSource(Path location) throws IOException {
            Path module = location.getParent().getParent();
            Path main = module.resolve("src").resolve("main");
            if (!Files.isDirectory(main)) {
                return null;
            }
            List<Path> descriptors;
            try (Stream<Path> s = Files.walk(main)) {
                descriptors = s.filter(f -> f.getFileName().toString().equals("module-info.java")).toList();
            }
            if (descriptors.size() != 1) {
                return null;
            }
            String text = Files.readString(descriptors.get(0), StandardCharsets.UTF_8)
                    .replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
            Set<String> out = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bexports\\s+([\\w.]+)\\s*;").matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        private static Set<String> exports(ModuleDescriptor d) {
            Set<String> s = new TreeSet<>();
            d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> s.add(e.source()));
            return s;
        }

        // Public, and visible from outside: every enclosing type public too; never anonymous, local or synthetic.
        private static boolean isApi(Class<?> c) {
            for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
                if (!java.lang.reflect.Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()
                        || k.isSynthetic()) {
                    return false;
                }
            }
            return true;
        }

        static String typeListing(Class<?> c) {
            StringBuilder b = new StringBuilder();
            b.append(typeHeader(c)).append('\n');
            Map<String, String> members = new TreeMap<>(); // by name and parameters, for a readable diff
            for (var f : c.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    members.put(f.getName(),
                            mods(f.getModifiers(), false) + f.getGenericType().getTypeName() + " " + f.getName());
                }
            }
            for (var k : c.getDeclaredConstructors()) {
                if (visible(k.getModifiers()) && !k.isSynthetic()) {
                    String sig = params(k.getGenericParameterTypes(), k.isVarArgs());
                    members.put("<init>" + sig, mods(k.getModifiers(), false) + typeParams(k.getTypeParameters())
                            + c.getSimpleName() + sig + throwsClause(k.getGenericExceptionTypes()));
                }
            }
            for (var m : c.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    int mod = m.getModifiers();
                    if (c.isInterface()) {
                        mod &= ~java.lang.reflect.Modifier.ABSTRACT;
                    }
                    String sig = params(m.getGenericParameterTypes(), m.isVarArgs());
                    members.put(m.getName() + sig, mods(mod, m.isDefault()) + typeParams(m.getTypeParameters())
                            + m.getGenericReturnType().getTypeName() + " " + m.getName() + sig
                            + throwsClause(m.getGenericExceptionTypes()));
                }
            }
            for (String m : members.values()) {
                b.append("  ").append(m.replace('$', '.')).append('\n');
            }
            return b.toString();
        }

        private static boolean visible(int mod) {
            return java.lang.reflect.Modifier.isPublic(mod) || java.lang.reflect.Modifier.isProtected(mod);
        }

        private static String mods(int mod, boolean isDefault) {
            StringBuilder b = new StringBuilder();
            if (java.lang.reflect.Modifier.isPublic(mod)) {
                b.append("public ");
            }
            if (java.lang.reflect.Modifier.isProtected(mod)) {
                b.append("protected ");
            }
            if (isDefault) {
                b.append("default ");
            }
            if (java.lang.reflect.Modifier.isAbstract(mod)) {
                b.append("abstract ");
            }
            if (java.lang.reflect.Modifier.isStatic(mod)) {
                b.append("static ");
            }
            if (java.lang.reflect.Modifier.isFinal(mod)) {
                b.append("final ");
            }
            return b.toString();
        }

        private static String typeHeader(Class<?> c) {
            int mod = c.getModifiers();
            StringBuilder b = new StringBuilder("public ");
            String kind;
            if (c.isAnnotation()) {
                kind = "@interface";
            } else if (c.isInterface()) {
                kind = "interface";
            } else if (c.isEnum()) {
                kind = "enum";
            } else if (c.isRecord()) {
                kind = "record";
            } else {
                kind = "class";
            }
            if (c.getEnclosingClass() != null && java.lang.reflect.Modifier.isStatic(mod) && kind.equals("class")) {
                b.append("static ");
            }
            if (kind.equals("class") && java.lang.reflect.Modifier.isAbstract(mod)) {
                b.append("abstract ");
            }
            if (kind.equals("class") && java.lang.reflect.Modifier.isFinal(mod)) {
                b.append("final ");
            }
            if (c.isSealed()) {
                b.append("sealed ");
            }
            b.append(kind).append(' ').append(c.getName().replace('$', '.')).append(typeParams(c.getTypeParameters()));
            if (kind.equals("class") && c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
                b.append(" extends ").append(c.getGenericSuperclass().getTypeName());
            }
            var ifaces = c.getGenericInterfaces();
            if (ifaces.length > 0 && !c.isAnnotation()) {
                b.append(c.isInterface() ? " extends " : " implements ");
                for (int i = 0; i < ifaces.length; i++) {
                    b.append(i > 0 ? ", " : "").append(ifaces[i].getTypeName());
                }
            }
            return b.toString().replace('$', '.');
        }

        private static String typeParams(java.lang.reflect.TypeVariable<?>[] vars) {
            if (vars.length == 0) {
                return "";
            }
            StringBuilder b = new StringBuilder("<");
            for (int i = 0; i < vars.length; i++) {
                b.append(i > 0 ? ", " : "").append(vars[i].getName());
                var bounds = vars[i].getBounds();
                if (!(bounds.length == 1 && bounds[0] == Object.class)) {
                    b.append(" extends ");
                    for (int j = 0; j < bounds.length; j++) {
                        b.append(j > 0 ? " & " : "").append(bounds[j].getTypeName());
                    }
                }
            }
            return b.append("> ").toString();
        }

        private static String params(java.lang.reflect.Type[] types, boolean varArgs) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < types.length; i++) {
                String t = types[i].getTypeName().replace('$', '.');
                if (varArgs && i == types.length - 1 && t.endsWith("[]")) {
                    t = t.substring(0, t.length() - 2) + "...";
                }
                b.append(i > 0 ? ", " : "").append(t);
            }
            return b.append(')').toString();
        }

        private static String throwsClause(java.lang.reflect.Type[] types) {
            if (types.length == 0) {
                return "";
            }
            StringBuilder b = new StringBuilder(" throws ");
            for (int i = 0; i < types.length; i++) {
                b.append(i > 0 ? ", " : "").append(types[i].getTypeName());
            }
            return b.toString();
        }

        // Lines only in the checked-in listing (-) and only in the code (+), at most 40 of each.
        static String diff(String module, String expected, String actual) {
            Set<String> e = new TreeSet<>(List.of(expected.split("\n")));
            Set<String> a = new TreeSet<>(List.of(actual.split("\n")));
            List<String> out = new ArrayList<>();
            expected.lines().filter(l -> !a.contains(l)).limit(40).forEach(l -> out.add("api/" + module + ".txt: - " + l));
            actual.lines().filter(l -> !e.contains(l)).limit(40).forEach(l -> out.add("api/" + module + ".txt: + " + l));
            if (out.isEmpty()) {
                out.add("api/" + module + ".txt: same lines in another order");
            }
            return String.join("\n", out);
        }
    }
}
