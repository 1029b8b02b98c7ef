package io.jlivepatch.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.it.harness.Jars;
import io.jlivepatch.it.harness.Mode;
import io.jlivepatch.it.harness.SharedJvms;
import io.jlivepatch.it.harness.TargetJvm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a replacement body can do: reach the target's private members through {@code @Shadow},
 * call the superclass with {@code super}, use helpers of its own, pass the target as
 * {@code (Account) (Object) this}; replace static and instance methods, with wide parameters,
 * a void return, and only the overload its descriptor names; replace a constructor's body.
 */
class ReplacementBodiesTest {

    /** Calls per probe to get it compiled by C2 (its threshold is about 15,000). */
    private static final int HOT = 50_000;

    @RegisterExtension
    final SharedJvms jvms = new SharedJvms();

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void replacementReachesPrivateMembersAndTheSuperclass(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        assertEquals("account 100 EUR", jvm.call("account"));

        jvm.load(Jars.patch("access"));
        // balance -= fee() (private field and method), tag() (helper), super.describe(),
        // describe() (the target's override), currency() and bank (private statics).
        assertEquals("patched v2 base/account 99 EUR JLB audited Account=99", jvm.call("account"));

        jvm.disable("access_fix");
        assertEquals("account 100 EUR", jvm.call("account"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void aConstructorBodyIsReplacedAfterItsSuperCall(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        jvm.load(Jars.patch("ctor"));
        assertEquals("account 200 EUR", jvm.call("account"));
        assertEquals("account 200 EUR", jvm.repeat(HOT, "account"), "compiled as well");
        jvm.disable("ctor_fix");
        assertEquals("account 100 EUR", jvm.call("account"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void staticAndInstanceMethodsAreReplacedByDescriptor(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        String original = "add=5 addLong=5 mix 1099511627776 2.5 7 scale=40 total=12";
        assertEquals(original, jvm.call("calc"));

        jvm.load(Jars.patch("calc"));
        // add(int, int) is replaced, add(long, long) is not; mix takes a long, a double, an int.
        assertEquals("add=105 addLong=5 patched mix 1 5.0 8 scale=41 total=24",
                jvm.call("calc"));
        assertEquals(List.of(
                        "accumulate(I)V patched=true",
                        "add(II)I patched=true",
                        "mix(JDI)Ljava/lang/String; patched=true",
                        "scale(I)I patched=true"),
                functions(jvm, "calc_fix", "io.jlivepatch.it.app.Calc"));

        jvm.disable("calc_fix");
        assertEquals(original, jvm.call("calc"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void compiledCallersSwitchToTheReplacementAndBack(Mode mode) {
        TargetJvm jvm = jvms.get(mode);
        // Enough calls for C2 to compile the loop, inlining Cmdline.show and its prologue.
        assertEquals("cmdline: original", jvm.repeat(HOT, "cmdline"));
        assertEquals("add=5 addLong=5 mix 1099511627776 2.5 7 scale=40 total=12",
                jvm.repeat(HOT, "calc"));

        jvm.load(Jars.patch("k1"));
        jvm.load(Jars.patch("calc"));
        assertEquals("test_klp_livepatch: this has been live patched",
                jvm.repeat(HOT, "cmdline"));
        assertEquals("add=105 addLong=5 patched mix 1 5.0 8 scale=41 total=24",
                jvm.repeat(HOT, "calc"));

        jvm.disable("calc_fix");
        jvm.disable("test_klp_livepatch");
        assertEquals("cmdline: original", jvm.repeat(HOT, "cmdline"));
        assertEquals("add=5 addLong=5 mix 1099511627776 2.5 7 scale=40 total=12",
                jvm.repeat(HOT, "calc"));
        assertEquals("busy caller errors=0", jvm.call("busy"),
                "no call failed while the patches came and went");
    }

    /** The functions of one object of a patch, from the status document, sorted. */
    @SuppressWarnings("unchecked")
    private static List<String> functions(TargetJvm jvm, String patch, String className) {
        for (Map<String, Object> object : jvm.patchObjects(patch)) {
            if (className.equals(object.get("name"))) {
                return ((List<Object>) object.get("functions")).stream()
                        .map(f -> (Map<String, Object>) f)
                        .map(f -> f.get("name") + "" + f.get("descriptor")
                                + " patched=" + f.get("patched"))
                        .sorted()
                        .toList();
            }
        }
        throw jvm.failure("no object " + className + " in patch " + patch);
    }
}
