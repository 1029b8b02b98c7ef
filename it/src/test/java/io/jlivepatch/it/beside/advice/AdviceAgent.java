package io.jlivepatch.it.beside.advice;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.MessageDigest;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The tests' own Byte Buddy agent ({@code -javaagent}), driven by the application's
 * {@code agent WORDS} command: {@code advise} adds entry and exit advice to {@code Svc.work} by
 * retransformation, as APM agents do, {@code unadvise} removes it again, {@code log} returns and
 * clears what the advice noted, {@code bytes} returns a digest of the class as the agents ahead
 * of a fresh transformer (this agent's included) make it, and {@code hotswap} redefines
 * {@code Svc} with a {@code work} that returns 7, as a debugger's HotSwap would.
 */
public final class AdviceAgent {

    private static final String SVC = "io.jlivepatch.it.beside.app.Svc";
    private static final List<String> NOTES = new ArrayList<>();
    private static Instrumentation instrumentation;
    private static ResettableClassFileTransformer advice;

    private AdviceAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** Called by the advice woven into {@code Svc.work}. */
    public static synchronized void note(String note) {
        NOTES.add(note);
    }

    public static synchronized String command(String words) throws Exception {
        Class<?> svc = Class.forName(SVC);
        switch (words) {
            case "advise" -> advice = new AgentBuilder.Default()
                    .disableClassFormatChanges()
                    .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                    .type(ElementMatchers.named(SVC))
                    .transform((builder, type, loader, module, domain) -> builder.visit(
                            Advice.to(WorkAdvice.class).on(ElementMatchers.named("work"))))
                    .installOn(instrumentation);
            case "unadvise" -> {
                advice.reset(instrumentation, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
                advice = null;
            }
            case "log" -> {
                String log = String.join(", ", NOTES);
                NOTES.clear();
                return log;
            }
            case "bytes" -> {
                return digest(svc);
            }
            case "hotswap" -> instrumentation.redefineClasses(new ClassDefinition(svc,
                    new ByteBuddy().redefine(svc).method(ElementMatchers.named("work"))
                            .intercept(FixedValue.value(7)).make().getBytes()));
            default -> {
                return "unknown agent command " + words;
            }
        }
        return "done";
    }

    /** A digest of the bytes a transformer registered now sees in a retransformation. */
    private static String digest(Class<?> type) throws Exception {
        byte[][] seen = new byte[1][];
        ClassFileTransformer observer = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name,
                    Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (redefined == type) {
                    seen[0] = bytes.clone();
                }
                return null;
            }
        };
        instrumentation.addTransformer(observer, true);
        try {
            instrumentation.retransformClasses(type);
        } finally {
            instrumentation.removeTransformer(observer);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seen[0]));
    }
}
