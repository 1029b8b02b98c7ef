package io.jlivepatch.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The prologue's one decision per call, driven through the tree the woven code links to. */
class FuncSiteTest {

    private static final MethodType TYPE = MethodType.methodType(String.class);
    private static final MethodType DECISION = MethodType.methodType(MethodHandle.class);

    static String replacement() {
        return "replacement";
    }

    @AfterEach
    void endTransition() {
        Dispatch.endTransition();
    }

    @Test
    void eachCallAsksThePolicyOnceAndRunsWhatItAnswers() throws Throwable {
        FuncSite site = new FuncSite(1, "demo.Fn.get", TYPE);
        MethodHandle replacement = replacementHandle();
        AtomicInteger asked = new AtomicInteger();
        boolean[] switched = {false};
        TransitionPolicy policy = s -> {
            asked.incrementAndGet();
            return switched[0];
        };
        site.setSteady(replacement);
        site.beginTransition(policy, replacement, null);
        Dispatch.startTransition(policy);

        MethodHandle chosen = (MethodHandle) site.selector().invokeExact();
        assertEquals("replacement", (String) chosen.invokeExact(), "not switched");
        assertEquals(1, asked.get(), "one decision per call");
        switched[0] = true;
        assertNull((MethodHandle) site.selector().invokeExact(), "switched: the original");
        assertEquals(2, asked.get());
    }

    @Test
    void outsideTransitionsTheSteadyBindingAnswersWithoutAskingAnyPolicy() throws Throwable {
        FuncSite site = new FuncSite(1, "demo.Fn.get", TYPE);
        assertNull((MethodHandle) site.selector().invokeExact(), "nothing bound: the original");
        MethodHandle replacement = replacementHandle();
        site.setSteady(replacement);
        assertSame(replacement, (MethodHandle) site.selector().invokeExact());
    }

    @Test
    void aPrologueWovenWithAnotherTypeFailsEachCallWithItsOwnException() throws Throwable {
        FuncSite site = new FuncSite(7, "demo.Fn.get", TYPE);
        Dispatch.register(FuncSiteTest.class, site);
        try {
            MethodType woven = MethodType.methodType(String.class, int.class);
            MethodHandle answer = (MethodHandle) Dispatch.impl(MethodHandles.lookup(),
                    Dispatch.IMPL_NAME, DECISION, 7, woven).dynamicInvoker().invokeExact();
            IllegalStateException first = assertThrows(IllegalStateException.class,
                    () -> { String unused = (String) answer.invokeExact(1); });
            IllegalStateException second = assertThrows(IllegalStateException.class,
                    () -> { String unused = (String) answer.invokeExact(2); });
            assertNotSame(first, second, "an exception per call, with the caller's stack");
            assertTrue(first.getMessage().contains("no replacement is bound for demo.Fn.get"),
                    first.getMessage());
            assertTrue(java.util.Arrays.stream(first.getStackTrace()).noneMatch(
                    e -> e.getMethodName().equals("<init>")
                            && e.getClassName().equals(FuncSite.class.getName())),
                    "built at the call, not when the site was made");
        } finally {
            Dispatch.unregister(FuncSiteTest.class, site);
        }
    }

    private static MethodHandle replacementHandle() throws ReflectiveOperationException {
        return MethodHandles.lookup().findStatic(FuncSiteTest.class, "replacement", TYPE);
    }
}
