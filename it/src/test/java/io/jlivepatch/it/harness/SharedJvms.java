package io.jlivepatch.it.harness;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One target JVM per {@link Mode}, shared by every test of the run that asks for it, so that the
 * module runs in a few JVM starts. Tests stay independent of each other and of their order: after
 * each test the thread it held in {@code Gate.pass} is released, every patch it left is disabled,
 * and the JVM must then answer every probe exactly as when it started; if not, it is killed, the
 * test fails, and the next test gets a new JVM. What a JVM never forgets stays: a patch name
 * marked by {@code jlp force} cannot be loaded in it again, so only one test may force a given
 * patch, and the replacement history and shadow variables only grow.
 *
 * <p>Register with {@code @RegisterExtension final SharedJvms jvms = new SharedJvms();}. The JVMs
 * live in the root extension store, which closes them at the end of the run.
 */
public final class SharedJvms implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SharedJvms.class);

    private ExtensionContext context;
    private final Set<Mode> used = EnumSet.noneOf(Mode.class);

    @Override
    public void beforeEach(ExtensionContext extensionContext) {
        context = extensionContext;
        used.clear();
    }

    /**
     * @param mode how the agent gets in
     * @return the shared JVM of that mode, started on first use; no patches are loaded in it
     */
    public TargetJvm get(Mode mode) {
        used.add(mode);
        return store().getOrComputeIfAbsent(mode, TargetJvm::start, TargetJvm.class);
    }

    @Override
    public void afterEach(ExtensionContext extensionContext) {
        AssertionError firstFailure = null;
        for (Mode mode : used) {
            TargetJvm jvm = store().get(mode, TargetJvm.class);
            if (jvm == null) {
                continue;
            }
            try {
                reset(jvm);
            } catch (RuntimeException | AssertionError e) {
                store().remove(mode);
                jvm.close();
                if (firstFailure == null) {
                    firstFailure = new AssertionError(
                            "the shared " + mode + " JVM could not be reset; it was replaced", e);
                }
            }
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    private static void reset(TargetJvm jvm) {
        // A thread a failed test left inside Gate.pass would keep every transition open.
        jvm.release();
        if (jvm.agentPresent()) {
            jvm.awaitNoTransition();
            List<String> names = jvm.patchNames();
            for (int i = names.size() - 1; i >= 0; i--) {
                jvm.disable(names.get(i));
            }
            List<String> left = jvm.patchNames();
            if (!left.isEmpty()) {
                throw jvm.failure("patches still loaded after disabling them all: " + left);
            }
        }
        String now = jvm.snapshot();
        if (!now.equals(jvm.baseline())) {
            throw jvm.failure("behaviour differs from the start with no patch loaded:\n  start: "
                    + jvm.baseline() + "\n  now:   " + now);
        }
    }

    private ExtensionContext.Store store() {
        return context.getRoot().getStore(NAMESPACE);
    }
}
