package io.jlivepatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The boot path is linkable by every class of the JVM: what changes dispatch is reachable only
 * through the engine's {@link DispatchControl}.
 */
class DispatchControlTest {

    @Test
    void onlyWhatWovenCodeLinksToIsPublicOnTheBootPath() {
        List<Executable> members = new ArrayList<>();
        for (Class<?> type : List.of(Dispatch.class, FuncSite.class, EventSink.class)) {
            members.addAll(List.of(type.getDeclaredMethods()));
            members.addAll(List.of(type.getDeclaredConstructors()));
        }
        Set<String> linkedOrReadOnly = Set.of("impl", "invokeSpecial", "lambda", "initializing",
                "registeredCount", "report", "id", "name", "type", "toString", "values",
                "valueOf");
        List<String> open = new ArrayList<>();
        for (Executable member : members) {
            if (Modifier.isPublic(member.getModifiers())
                    && !linkedOrReadOnly.contains(member instanceof Constructor<?>
                            ? "<init>" : member.getName())) {
                open.add(member.getDeclaringClass().getSimpleName() + "." + member.getName());
            }
        }
        assertTrue(open.isEmpty(), "engine-only members public on the boot path: " + open);
    }

    @Test
    void aFakeInstrumentationDoesNotGrantTheControl() {
        Instrumentation fake = (Instrumentation) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Instrumentation.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException();
                });
        SecurityException refused = assertThrows(SecurityException.class,
                () -> DispatchControl.grantedTo(fake));
        assertTrue(refused.getMessage().contains("JVM's own Instrumentation"));
        assertThrows(SecurityException.class, () -> DispatchControl.grantedTo(null));
        for (Method method : DispatchControl.class.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && Modifier.isPublic(method.getModifiers())) {
                assertTrue(method.getName().equals("grantedTo"), method.getName());
            }
        }
        for (Constructor<?> constructor : DispatchControl.class.getDeclaredConstructors()) {
            assertFalse(Modifier.isPublic(constructor.getModifiers()));
        }
    }
}
