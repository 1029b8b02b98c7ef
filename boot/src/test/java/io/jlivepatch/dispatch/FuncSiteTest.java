package io.jlivepatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The prologue's two call sites of one method during a transition, driven through the trees
 * the woven code links to.
 */
class FuncSiteTest {

    private static final MethodType TYPE = MethodType.methodType(String.class);

    private final List<String> reports = new CopyOnWriteArrayList<>();

    static String replacement() {
        return "replacement";
    }

    @AfterEach
    void endTransition() {
        Dispatch.endTransition();
        EventSink.install(null);
    }

    @Test
    void callsRunWhatEachThreadsSideSays() throws Throwable {
        FuncSite site = new FuncSite(1, "demo.Fn.get", TYPE);
        MethodHandle replacement = replacementHandle();
        boolean[] switched = {false};
        TransitionPolicy policy = (s, entering) -> switched[0];
        site.beginTransition(policy, replacement, null);
        Dispatch.startTransition(policy);

        assertTrue((boolean) site.guardTree().invokeExact(), "not switched: the replacement");
        assertEquals("replacement", (String) site.callTree().invokeExact());
        switched[0] = true;
        assertEquals(false, (boolean) site.guardTree().invokeExact(), "switched: the original");
    }

    @Test
    void aCallThatFindsNoImplementationAfterItsGuardRunsTheReplacementAndSaysSo()
            throws Throwable {
        EventSink.install((level, message) -> reports.add(level + " " + message));
        FuncSite site = new FuncSite(1, "demo.Fn.get", TYPE);
        MethodHandle replacement = replacementHandle();
        // An unpatching transition whose thread is not switched at its guard (the replacement)
        // and switched by the time of its call (the original, which the call cannot run).
        TransitionPolicy racing = (s, entering) -> !entering;
        site.beginTransition(racing, replacement, null);
        Dispatch.startTransition(racing);

        assertTrue((boolean) site.guardTree().invokeExact());
        assertEquals("replacement", (String) site.callTree().invokeExact(),
                "the call runs the replacement instead of failing");
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("WARNING thread '"), reports.get(0));
        assertTrue(reports.get(0).contains("no implementation of demo.Fn.get"), reports.get(0));
    }

    private static MethodHandle replacementHandle() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(FuncSiteTest.class, "replacement", TYPE);
    }
}
