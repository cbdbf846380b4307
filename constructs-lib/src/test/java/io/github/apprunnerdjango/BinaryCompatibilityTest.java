package io.github.apprunnerdjango;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Code compiled against a release links against this build: every public or protected member of
 * 0.1.0 ({@code src/test/resources/api/0.1.0.txt}) still resolves, by the same name and JVM descriptor,
 * the way the JVM resolves it (the class, then its superclasses and interfaces). A props builder whose
 * setters move to a generic superclass keeps compiling from source but fails a 0.1.0-compiled caller
 * with {@code NoSuchMethodError}; so does a constant whose type changes. Removing an API member needs a
 * deprecation first (CHANGELOG), and then a new line in that file's history, not a silent break.
 */
class BinaryCompatibilityTest {
    static Stream<String> members() throws IOException {
        final List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                BinaryCompatibilityTest.class.getResourceAsStream("/api/0.1.0.txt")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        }
        return lines.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("members")
    void memberOfReleaseZeroOneStillLinks(final String member) throws ClassNotFoundException {
        final String[] parts = member.split(" ");
        final Class<?> owner = Class.forName(parts[0], false, getClass().getClassLoader());
        final String name = parts[1];
        final String descriptor = parts[2];
        assertTrue(Modifier.isPublic(owner.getModifiers()), owner + " is no longer public");
        assertTrue(resolves(owner, name, descriptor), member + " does not link: no member with that name and descriptor");
    }

    private static boolean resolves(final Class<?> owner, final String name, final String descriptor) {
        if (name.equals("<init>")) {
            for (final Constructor<?> constructor : owner.getDeclaredConstructors()) {
                if (visible(constructor.getModifiers())
                        && MethodType.methodType(void.class, constructor.getParameterTypes())
                                .toMethodDescriptorString().equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        for (final Class<?> type : hierarchy(owner)) {
            if (descriptor.startsWith("(")) {
                for (final Method method : type.getDeclaredMethods()) {
                    if (method.getName().equals(name) && visible(method.getModifiers())
                            && MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                                    .toMethodDescriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            } else {
                for (final Field field : type.getDeclaredFields()) {
                    if (field.getName().equals(name) && visible(field.getModifiers())
                            && field.getType().descriptorString().equals(descriptor)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean visible(final int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    /** @return the class, its superclasses and all their interfaces: where the JVM looks a member up */
    private static Set<Class<?>> hierarchy(final Class<?> owner) {
        final Set<Class<?>> seen = new LinkedHashSet<>();
        final Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(owner);
        while (!todo.isEmpty()) {
            final Class<?> type = todo.poll();
            if (seen.add(type)) {
                if (type.getSuperclass() != null) {
                    todo.add(type.getSuperclass());
                }
                todo.addAll(List.of(type.getInterfaces()));
            }
        }
        return seen;
    }
}
