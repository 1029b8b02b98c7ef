package io.jlivepatch.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small application in a child JVM that prints {@code ready}, then answers each line it reads
 * with one line {@code = ANSWER}: the release a test patches, or the fixed release it compares
 * with.
 */
public final class LineJvm implements AutoCloseable {
    private final Process process;
    private final Writer in;
    private final BufferedReader out;

    private LineJvm(Process process) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
    }

    /**
     * @param dir where the JVM runs and writes its standard error
     * @param classpath its class path
     * @param main its main class
     * @return the JVM, once it said {@code ready}
     */
    public static LineJvm start(Path dir, String classpath, String main) throws IOException {
        List<String> command = TargetJvm.javaCommand();
        command.addAll(List.of("-cp", classpath, main));
        Files.createDirectories(dir);
        LineJvm jvm = new LineJvm(new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("stderr-" + System.nanoTime()).toFile()).start());
        assertEquals("ready", jvm.out.readLine());
        return jvm;
    }

    /** @return the JVM's process id */
    public long pid() {
        return process.pid();
    }

    /**
     * @param line one input line
     * @return the answer, without its {@code "= "}
     */
    public String ask(String line) {
        try {
            in.write(line + "\n");
            in.flush();
            String answer = out.readLine();
            assertTrue(answer != null && answer.startsWith("= "), "answer: " + answer);
            return answer.substring(2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            in.close();
        } catch (IOException e) {
            process.destroyForcibly();
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
