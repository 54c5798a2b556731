import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Build tool of the CLI image (run by the build as a source file, not shipped): writes a module jar
 * that holds only the classes of a library jar that the image's other jars can reach, with its own
 * module-info (the library's module name, every package it keeps exported, the JDK modules its kept
 * classes use) and the library's licence files.
 *
 * <p>The image needs Bouncy Castle for Argon2id alone: bcprov-jdk18on is 8 MB of classes, its
 * module-info requires java.logging, java.naming and java.sql and provides a JCA provider that a
 * security-provider lookup instantiates. The subset is the closure of every class name the users'
 * class files mention: each kept class file is scanned for the library's class names, in slashed form
 * (class references, descriptors, signatures) and in dotted form (names loaded by reflection), so the
 * subset keeps more than one run loads, never less than the classes' code can reach. Of a
 * multi-release jar, each class is taken in the version the running JDK (the one that links the
 * image) would load.
 *
 * <p>Arguments: {@code library.jar output.jar users}, {@code users} the jars that use the library, as
 * a path (separated by {@code File.pathSeparator}).
 */
public final class ModuleSubset {
    private ModuleSubset() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ModuleSubset library.jar output.jar user.jar" + File.pathSeparator + "...");
        }
        Path library = Path.of(args[0]);
        Path output = Path.of(args[1]);
        try (JarFile lib = new JarFile(library.toFile(), true, JarFile.OPEN_READ, Runtime.version())) {
            String module = moduleName(lib);
            Map<String, byte[]> classes = classes(lib);
            Set<String> prefixes = new TreeSet<>();
            for (String name : classes.keySet()) {
                prefixes.add(name.substring(0, name.indexOf('/', name.indexOf('/') + 1) + 1));
            }
            Pattern names = namesOf(prefixes);

            Deque<String> todo = new ArrayDeque<>();
            for (String jar : args[2].split(File.pathSeparator)) {
                try (JarFile user = new JarFile(Path.of(jar).toFile(), true, JarFile.OPEN_READ, Runtime.version())) {
                    for (byte[] bytes : classes(user).values()) {
                        todo.addAll(mentioned(bytes, names, classes.keySet()));
                    }
                }
            }
            Set<String> kept = new TreeSet<>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (kept.add(name)) {
                    todo.addAll(mentioned(classes.get(name), names, classes.keySet()));
                }
            }
            if (kept.isEmpty()) {
                throw new IllegalStateException("no class of " + library + " is used by " + args[2]);
            }

            Set<String> packages = new TreeSet<>();
            kept.forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
            Set<String> jdkModules = jdkModules(kept, classes);
            Path work = Files.createTempDirectory("module-subset");
            try {
                byte[] moduleInfo = compileModuleInfo(work, module, packages, jdkModules, kept, classes);
                write(output, lib, library, module, kept, classes, moduleInfo);
            } finally {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
                }
            }
            System.out.println(module + ": " + kept.size() + " of " + classes.size() + " classes, "
                    + packages.size() + " packages, requires " + jdkModules + " -> " + output);
        }
    }

    /** The library's module name: from its module-info, else its Automatic-Module-Name. */
    private static String moduleName(JarFile lib) throws IOException {
        JarEntry info = lib.getJarEntry("module-info.class");
        if (info != null) {
            try (InputStream in = lib.getInputStream(info)) {
                return java.lang.module.ModuleDescriptor.read(in).name();
            }
        }
        String name = lib.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
        if (name == null) {
            throw new IllegalStateException(lib.getName() + " names no module");
        }
        return name;
    }

    /** Every class of a jar but module-info, by slashed name, each in the version this JDK loads. */
    private static Map<String, byte[]> classes(JarFile jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        for (JarEntry e : (Iterable<JarEntry>) jar.versionedStream()::iterator) {
            String name = e.getName();
            if (name.endsWith(".class") && !name.endsWith("module-info.class")) {
                try (InputStream in = jar.getInputStream(e)) {
                    classes.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                }
            }
        }
        return classes;
    }

    /** Class names under the library's top packages, slashed or dotted, as they stand in a class file. */
    private static Pattern namesOf(Set<String> prefixes) {
        Set<String> tops = new TreeSet<>();
        prefixes.forEach(p -> tops.add(Pattern.quote(p.substring(0, p.length() - 1))));
        return Pattern.compile("(?:" + String.join("|", tops) + ")[./][A-Za-z0-9_$./]+");
    }

    /** The library's classes a class file names (its constant pool holds names as plain ASCII). */
    private static Set<String> mentioned(byte[] classFile, Pattern names, Set<String> known) {
        Set<String> found = new TreeSet<>();
        Matcher m = names.matcher(new String(classFile, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String name = m.group().replace('.', '/');
            // a dotted name may run into a member name ("a.b.C.field"): the longest known class wins
            for (String n = name; n.lastIndexOf('/') > 0; n = n.substring(0, n.lastIndexOf('/'))) {
                if (known.contains(n)) {
                    found.add(n);
                    break;
                }
            }
        }
        return found;
    }

    /** The JDK modules other than java.base whose classes the kept classes name. */
    private static Set<String> jdkModules(Set<String> kept, Map<String, byte[]> classes) {
        Pattern jdk = Pattern.compile("(?:java|javax|jdk|sun|com/sun)/[A-Za-z0-9_$/]+");
        Set<String> modules = new TreeSet<>();
        for (String name : kept) {
            Matcher m = jdk.matcher(new String(classes.get(name), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                try {
                    Module owner = Class.forName(m.group().replace('/', '.'), false, null).getModule();
                    if (owner.isNamed() && !owner.getName().equals("java.base")) {
                        modules.add(owner.getName());
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // a package name, a field name or a class of the platform loader: not a boot class
                }
            }
        }
        return modules;
    }

    private static byte[] compileModuleInfo(Path work, String module, Set<String> packages, Set<String> jdkModules,
            Set<String> kept, Map<String, byte[]> classes) throws IOException {
        Path src = Files.createDirectories(work.resolve("src"));
        Path patch = work.resolve("classes");
        for (String name : kept) {
            Path f = patch.resolve(name + ".class");
            Files.createDirectories(f.getParent());
            Files.write(f, classes.get(name));
        }
        StringBuilder info = new StringBuilder("module " + module + " {\n");
        jdkModules.forEach(m -> info.append("    requires ").append(m).append(";\n"));
        packages.forEach(p -> info.append("    exports ").append(p).append(";\n"));
        Files.writeString(src.resolve("module-info.java"), info.append("}\n"));
        Path out = work.resolve("out");
        StringWriter log = new StringWriter();
        int exit = ToolProvider.findFirst("javac").orElseThrow().run(new PrintWriter(log), new PrintWriter(log),
                "-nowarn", "--patch-module", module + "=" + patch, "-d", out.toString(),
                src.resolve("module-info.java").toString());
        if (exit != 0) {
            throw new IllegalStateException("javac of the subset's module-info failed:\n" + info + log);
        }
        return Files.readAllBytes(out.resolve("module-info.class"));
    }

    private static void write(Path output, JarFile lib, Path library, String module, Set<String> kept,
            Map<String, byte[]> classes, byte[] moduleInfo) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "inat-auth build (ModuleSubset): the classes of "
                + library.getFileName() + " that the image uses, unchanged");
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("module-info.class", moduleInfo);
        kept.forEach(n -> entries.put(n + ".class", classes.get(n)));
        // the licence travels with the classes
        for (JarEntry e : (Iterable<JarEntry>) lib.stream()::iterator) {
            String upper = e.getName().toUpperCase(java.util.Locale.ROOT);
            if (!e.isDirectory() && upper.startsWith("META-INF/") && !upper.startsWith("META-INF/VERSIONS/")
                    && (upper.contains("LICENSE") || upper.contains("NOTICE"))) {
                try (InputStream in = lib.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        Files.createDirectories(output.toAbsolutePath().getParent());
        try (OutputStream file = Files.newOutputStream(output); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
    }
}
