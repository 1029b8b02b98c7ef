package io.jlivepatch.it.beside.advice;

import net.bytebuddy.asm.Advice;

/** Entry and exit advice of {@code Svc.work}: notes the argument, the result or the exception. */
public final class WorkAdvice {

    private WorkAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.Argument(0) int n) {
        AdviceAgent.note("enter " + n);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Return int result, @Advice.Thrown Throwable thrown) {
        AdviceAgent.note(thrown == null ? "exit " + result : "exit threw " + thrown.getMessage());
    }
}
