package dev.lambdarunner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The property names a {@code @ConfigMapping} interface defines, derived by reflection the way SmallRye Config names
 * them: the mapping's prefix, then each method's name in kebab-case ({@code @WithName} wins, {@code @WithParentName}
 * adds no segment), nested groups (interfaces of the mapping's package) adding their method's segment, an
 * {@code Optional} property named like its content, a {@code Map} property as {@code name.*}. The type is named as
 * the configuration reference names it.
 */
final class MappedProperties {

    /** One property: its full name, the reference's word for its type, and its {@code @WithDefault}, if any. */
    record Property(String name, String type, Optional<String> defaultValue) {
    }

    private static final Map<Class<?>, String> TYPE_NAMES = Map.ofEntries(
            Map.entry(Duration.class, "duration"),
            Map.entry(int.class, "integer"), Map.entry(Integer.class, "integer"), Map.entry(OptionalInt.class, "integer"),
            Map.entry(long.class, "integer"), Map.entry(Long.class, "integer"), Map.entry(OptionalLong.class, "integer"),
            Map.entry(double.class, "number"), Map.entry(Double.class, "number"), Map.entry(OptionalDouble.class, "number"),
            Map.entry(boolean.class, "boolean"), Map.entry(Boolean.class, "boolean"),
            Map.entry(String.class, "string"), Map.entry(Path.class, "path"),
            Map.entry(URI.class, "URL"), Map.entry(URL.class, "URL"));

    private final Class<?> root;
    private final String prefix;

    MappedProperties(Class<?> root, String prefix) {
        this.root = root;
        this.prefix = prefix;
    }

    /** The properties of a {@code @ConfigMapping} interface, under its prefix. */
    static MappedProperties of(Class<?> mapping) {
        return new MappedProperties(mapping, mapping.getAnnotation(ConfigMapping.class).prefix());
    }

    /** Every property of the mapping, sorted by name. */
    List<Property> all() {
        List<Property> found = new ArrayList<>();
        collect(root, prefix, found);
        found.sort(Comparator.comparing(Property::name));
        return found;
    }

    private void collect(Class<?> group, String path, List<Property> found) {
        for (Method method : group.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String name = method.isAnnotationPresent(WithParentName.class) ? path : path + "." + segment(method);
            Optional<String> defaultValue = Optional.ofNullable(method.getAnnotation(WithDefault.class)).map(WithDefault::value);
            Type type = unwrapOptional(method.getGenericReturnType());
            if (isGroup(raw(type))) {
                collect(raw(type), name, found);
            } else if (raw(type) == Map.class) {
                Type value = argument(type, 1);
                if (isGroup(raw(value))) {
                    collect(raw(value), name + ".*", found);
                } else {
                    found.add(new Property(name + ".*", typeName(value, method), defaultValue));
                }
            } else {
                found.add(new Property(name, typeName(type, method), defaultValue));
            }
        }
    }

    private boolean isGroup(Class<?> type) {
        return type.isInterface() && type.getPackage() == root.getPackage();
    }

    private static String segment(Method method) {
        WithName withName = method.getAnnotation(WithName.class);
        return withName != null ? withName.value() : kebab(method.getName());
    }

    /** {@code allowConcurrentJobsToReadEachOther} -> {@code allow-concurrent-jobs-to-read-each-other}. */
    static String kebab(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String typeName(Type type, Method method) {
        Class<?> raw = raw(type);
        if (Collection.class.isAssignableFrom(raw)) {
            return "list";
        }
        String name = TYPE_NAMES.get(raw);
        if (name == null) {
            throw new AssertionError(method.getDeclaringClass().getSimpleName() + "." + method.getName() + " returns "
                    + type.getTypeName() + ", which the configuration reference has no word for: name it in "
                    + MappedProperties.class.getSimpleName() + ".TYPE_NAMES and in docs/configuration.md");
        }
        return name;
    }

    private static Type unwrapOptional(Type type) {
        return raw(type) == Optional.class ? argument(type, 0) : type;
    }

    private static Type argument(Type type, int index) {
        return ((ParameterizedType) type).getActualTypeArguments()[index];
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType parameterized ? (Class<?>) parameterized.getRawType() : (Class<?>) type;
    }
}
