package dev.lambdarunner.nativeimage;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The application types Jackson binds by reflection, read from compiled classes, and those of them that a native
 * image would not let it reflect on. A type is bound when it
 * <ul>
 *   <li>carries a Jackson annotation (on the type or any member);</li>
 *   <li>is a class literal passed to a Jackson binding method ({@code treeToValue(node, X.class)},
 *       {@code readValue(src, X.class)}, {@code convertValue}, {@code readerFor}, ...);</li>
 *   <li>is the static type of a value handed to Jackson to write ({@code writeValueAsString(x)}, {@code valueToTree});</li>
 *   <li>is a type argument of a {@code TypeReference} subclass;</li>
 *   <li>is a Lambda handler's input or output type, or, when the handler declares {@code Object}, the static type of
 *       what its {@code handleRequest} returns (quarkus-amazon-lambda writes it with Jackson);</li>
 *   <li>is reached from a bound type through its fields, record components, getters or superclass.</li>
 * </ul>
 * It is registered when it carries {@code @RegisterForReflection} (with methods and fields), or is named in the
 * {@code targets}/{@code classNames} of one. Where the bytecode does not tell which type is bound (a {@code Class}
 * or value passed through a variable of type {@code Object}), that is reported as unclear: the scan fails closed.
 */
final class JacksonBindings {

    private static final DotName REGISTER = DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");
    private static final DotName TYPE_REFERENCE = DotName.createSimple("com.fasterxml.jackson.core.type.TypeReference");
    private static final DotName REQUEST_HANDLER = DotName.createSimple("com.amazonaws.services.lambda.runtime.RequestHandler");
    private static final Set<String> BINDERS = Set.of("com/fasterxml/jackson/databind/ObjectMapper",
            "com/fasterxml/jackson/databind/json/JsonMapper", "com/fasterxml/jackson/databind/ObjectReader",
            "com/fasterxml/jackson/databind/ObjectWriter", "com/fasterxml/jackson/core/ObjectCodec",
            "com/fasterxml/jackson/core/JsonParser", "com/fasterxml/jackson/core/JsonGenerator");
    private static final Set<String> UNTELLING = Set.of("java/lang/Object", "java/lang/Record");

    private final String appPrefix;
    private final Index index;
    /** Bound application type -> why it is bound (the first reason found). */
    private final Map<String, String> bound = new TreeMap<>();
    private final List<String> unclear = new ArrayList<>();

    private JacksonBindings(String appPrefix, Index index) {
        this.appPrefix = appPrefix;
        this.index = index;
    }

    /** Scans the class files under {@code classes/<package>} (a package such as {@code dev.lambdarunner}). */
    static JacksonBindings scan(Path classes, String packageName) {
        Path dir = classes.resolve(packageName.replace('.', '/'));
        List<byte[]> classFiles = new ArrayList<>();
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                classFiles.add(bytes);
                indexer.index(new java.io.ByteArrayInputStream(bytes));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the classes under " + dir, e);
        }
        JacksonBindings bindings = new JacksonBindings(packageName + ".", indexer.complete());
        bindings.findAnnotated();
        bindings.findTypeReferences();
        bindings.findHandlerTypes();
        for (byte[] bytes : classFiles) {
            bindings.findBindingCalls(bytes);
        }
        bindings.close();
        return bindings;
    }

    /** Bound application types (binary names) and why each is bound. */
    Map<String, String> bound() {
        return bound;
    }

    /** Places where the scan cannot tell the bound type. */
    List<String> unclear() {
        return unclear;
    }

    /** Bound types that a native image would not let Jackson reflect on, each with why it is bound. */
    List<String> unregistered() {
        Set<String> registered = registered();
        return bound.entrySet().stream().filter(e -> !registered.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    }

    private Set<String> registered() {
        Set<String> registered = new HashSet<>();
        for (AnnotationInstance register : index.getAnnotations(REGISTER)) {
            if (register.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            if (isFalse(register, "methods") || isFalse(register, "fields")) {
                unclear.add(register.target().asClass().name() + ": @RegisterForReflection without methods or fields"
                        + " (Jackson needs both)");
                continue;
            }
            AnnotationValue targets = register.value("targets");
            AnnotationValue names = register.value("classNames");
            if (targets == null && names == null) {
                registered.add(register.target().asClass().name().toString());
            }
            if (targets != null) {
                for (Type target : targets.asClassArray()) {
                    registered.add(target.name().toString());
                }
            }
            if (names != null) {
                registered.addAll(List.of(names.asStringArray()));
            }
        }
        return registered;
    }

    private static boolean isFalse(AnnotationInstance annotation, String member) {
        AnnotationValue value = annotation.value(member);
        return value != null && !value.asBoolean();
    }

    private void findAnnotated() {
        for (ClassInfo type : index.getKnownClasses()) {
            type.annotations().stream()
                    .map(a -> a.name().toString())
                    .filter(n -> n.startsWith("com.fasterxml.jackson.annotation.")
                            || n.startsWith("com.fasterxml.jackson.databind.annotation."))
                    .findFirst()
                    .ifPresent(n -> bind(type.name().toString(), "annotated with @" + n.substring(n.lastIndexOf('.') + 1)));
        }
    }

    private void findTypeReferences() {
        for (ClassInfo reference : index.getKnownDirectSubclasses(TYPE_REFERENCE)) {
            bindAll(reference.superClassType(), "a TypeReference in " + reference.name());
        }
    }

    private void findHandlerTypes() {
        for (ClassInfo handler : index.getAllKnownImplementations(REQUEST_HANDLER)) {
            handler.interfaceTypes().stream().filter(t -> t.name().equals(REQUEST_HANDLER))
                    .forEach(t -> bindAll(t, "input or output of the Lambda handler " + handler.name()));
        }
    }

    /** Class literals and written values at Jackson binding calls; what a handler's handleRequest returns. */
    private void findBindingCalls(byte[] bytes) {
        ClassNode type = new ClassNode();
        new ClassReader(bytes).accept(type, ClassReader.SKIP_FRAMES);
        boolean handler = isHandler(type);
        for (MethodNode method : type.methods) {
            if (method.instructions.size() == 0) {
                continue;
            }
            boolean handleRequest = handler && method.name.equals("handleRequest")
                    && (method.access & Opcodes.ACC_BRIDGE) == 0;
            if (!handleRequest && !callsJackson(method)) {
                continue;
            }
            Frame<BasicValue>[] frames = frames(type, method);
            for (int i = 0; i < method.instructions.size(); i++) {
                AbstractInsnNode insn = method.instructions.get(i);
                String where = type.name.replace('/', '.') + "." + method.name;
                if (insn instanceof MethodInsnNode call && BINDERS.contains(call.owner) && frames[i] != null) {
                    bindCall(call, frames[i], where);
                } else if (handleRequest && insn.getOpcode() == Opcodes.ARETURN && frames[i] != null) {
                    bindValue(top(frames[i], 0), "returned by the Lambda handler " + where, where);
                }
            }
        }
    }

    private static boolean callsJackson(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && BINDERS.contains(call.owner)) {
                return true;
            }
        }
        return false;
    }

    private boolean isHandler(ClassNode type) {
        ClassInfo info = index.getClassByName(DotName.createSimple(type.name.replace('/', '.')));
        return info != null && index.getAllKnownImplementations(REQUEST_HANDLER).contains(info);
    }

    private void bindCall(MethodInsnNode call, Frame<BasicValue> frame, String where) {
        org.objectweb.asm.Type[] params = org.objectweb.asm.Type.getArgumentTypes(call.desc);
        for (int p = 0; p < params.length; p++) {
            int depth = params.length - 1 - p;
            String param = params[p].getInternalName();
            if (param.equals("java/lang/Class")) {
                AbstractInsnNode source = previous(call, depth);
                if (source instanceof LdcInsnNode ldc && ldc.cst instanceof org.objectweb.asm.Type literal) {
                    bindAll(literal, call.name + " in " + where);
                } else {
                    unclear.add(where + ": " + call.name + " gets a Class the scan cannot tell (not a class literal)");
                }
            } else if (param.equals("java/lang/Object")) {
                bindValue(top(frame, depth), "written by " + call.name + " in " + where, where);
            } else if (param.equals("com/fasterxml/jackson/databind/JavaType")) {
                unclear.add(where + ": " + call.name + " gets a JavaType the scan cannot tell");
            }
        }
    }

    /** The instruction that pushed the argument {@code depth} slots below the top, when it is the plain previous one. */
    private static AbstractInsnNode previous(MethodInsnNode call, int depth) {
        AbstractInsnNode insn = call.getPrevious();
        while (insn != null && insn.getOpcode() < 0) {
            insn = insn.getPrevious();
        }
        return depth == 0 ? insn : null;
    }

    private void bindValue(BasicValue value, String why, String where) {
        if (value == null || value.getType() == null || value == BasicValue.UNINITIALIZED_VALUE) {
            return;
        }
        org.objectweb.asm.Type type = value.getType();
        if (type.getSort() == org.objectweb.asm.Type.OBJECT && UNTELLING.contains(type.getInternalName())) {
            unclear.add(where + ": a value of static type " + type.getClassName() + " goes to Jackson (" + why + ")");
        } else {
            bindAll(type, why);
        }
    }

    private static BasicValue top(Frame<BasicValue> frame, int depth) {
        return frame.getStack(frame.getStackSize() - 1 - depth);
    }

    private static Frame<BasicValue>[] frames(ClassNode type, MethodNode method) {
        SimpleVerifier verifier = new SimpleVerifier(org.objectweb.asm.Type.getObjectType(type.name),
                type.superName == null ? null : org.objectweb.asm.Type.getObjectType(type.superName),
                (type.access & Opcodes.ACC_INTERFACE) != 0);
        verifier.setClassLoader(JacksonBindings.class.getClassLoader());
        try {
            return new Analyzer<>(verifier).analyze(type.name, method);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("analysing " + type.name + "." + method.name, e);
        }
    }

    private void bindAll(org.objectweb.asm.Type type, String why) {
        if (type.getSort() == org.objectweb.asm.Type.ARRAY) {
            bindAll(type.getElementType(), why);
        } else if (type.getSort() == org.objectweb.asm.Type.OBJECT) {
            bind(type.getClassName(), why);
        }
    }

    /** Every application class in a (generic) type. */
    private void bindAll(Type type, String why) {
        switch (type.kind()) {
            case CLASS -> bind(type.name().toString(), why);
            case ARRAY -> bindAll(type.asArrayType().elementType(), why);
            case PARAMETERIZED_TYPE -> {
                bind(type.name().toString(), why);
                type.asParameterizedType().arguments().forEach(a -> bindAll(a, why));
            }
            case WILDCARD_TYPE -> bindAll(type.asWildcardType().extendsBound(), why);
            case TYPE_VARIABLE -> type.asTypeVariable().bounds().forEach(b -> bindAll(b, why));
            default -> {
            }
        }
    }

    private void bind(String binaryName, String why) {
        if (binaryName.startsWith(appPrefix)) {
            bound.putIfAbsent(binaryName, why);
        }
    }

    /** Adds what Jackson reaches from each bound type: fields, record components, getters, superclasses. */
    private void close() {
        Deque<String> todo = new ArrayDeque<>(bound.keySet());
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            ClassInfo type = index.getClassByName(DotName.createSimple(name));
            if (!seen.add(name) || type == null) {
                continue;
            }
            Set<String> before = new HashSet<>(bound.keySet());
            String why = "reached from " + name;
            if (type.superClassType() != null) {
                bindAll(type.superClassType(), why);
            }
            for (FieldInfo field : type.fields()) {
                if (!Modifier.isStatic(field.flags())) {
                    bindAll(field.type(), why);
                }
            }
            for (RecordComponentInfo component : type.recordComponents()) {
                bindAll(component.type(), why);
            }
            for (MethodInfo method : type.methods()) {
                if (isGetter(method)) {
                    bindAll(method.returnType(), why);
                }
            }
            bound.keySet().stream().filter(n -> !before.contains(n)).forEach(todo::push);
        }
    }

    private static boolean isGetter(MethodInfo method) {
        return Modifier.isPublic(method.flags()) && !Modifier.isStatic(method.flags()) && method.parametersCount() == 0
                && (method.name().startsWith("get") || method.name().startsWith("is"))
                && method.returnType().kind() != Type.Kind.VOID;
    }
}
