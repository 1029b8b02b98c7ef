package io.jlivepatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells a JVM that refuses every attach ({@code -XX:+DisableAttachMechanism}, on its command
 * line or in {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS}) from one that is not there:
 * such a JVM is not even listed by the attach mechanism, so without this {@code jlp} could only
 * guess.
 */
final class AttachFlags {

    static final String DISABLED = "-XX:+DisableAttachMechanism";
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS=",
            "JDK_JAVA_OPTIONS=");

    private AttachFlags() {
    }

    /**
     * @param pid a process id
     * @throws CommandException ({@link Exit#NO_JVM}) naming the flag if the process was started
     *     with it
     */
    static void refuseDisabled(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        if (mentions(process.resolve("cmdline"), null)
                || mentions(process.resolve("environ"), OPTION_VARIABLES)) {
            throw new CommandException(Exit.NO_JVM, "JVM " + pid + " was started with "
                    + DISABLED + ", which refuses every attach, jlp's included; restart it"
                    + " without that flag to patch it");
        }
    }

    /**
     * @return whether a NUL-separated {@code /proc} file holds the flag, in any entry or only in
     *     those starting with one of {@code prefixes}
     */
    private static boolean mentions(Path file, List<String> prefixes) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            return false; // not Linux, gone, or not ours to read: the attach says the rest
        }
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            boolean relevant = prefixes == null || prefixes.stream().anyMatch(entry::startsWith);
            if (relevant && entry.contains(DISABLED)) {
                return true;
            }
        }
        return false;
    }
}
