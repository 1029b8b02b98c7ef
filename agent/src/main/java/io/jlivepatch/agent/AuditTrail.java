package io.jlivepatch.agent;

import io.jlivepatch.client.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who asked for each load, disable, enable and force, when, of which patch, with which jar
 * (its SHA-256), and how it ended: kept in memory for {@code jlp log} and {@code status} (the
 * latest {@value #CAPACITY}), and with {@code audit=FILE} appended to that file, one JSON line
 * per action; the file is created mode 0600, never truncated, never followed through a link.
 *
 * <p>Thread safety: all methods synchronise on the trail.
 */
final class AuditTrail {

    static final int CAPACITY = 1000;

    private final Path file;
    private final System.Logger logger;
    private final ArrayDeque<Map<String, Object>> records = new ArrayDeque<>();
    /** Patch name to its latest record. */
    private final Map<String, Map<String, Object>> latest = new LinkedHashMap<>();

    /**
     * @param file the audit file, or null for none
     * @param logger where a failure to write the file is reported
     */
    AuditTrail(Path file, System.Logger logger) {
        this.file = file;
        this.logger = logger;
    }

    /**
     * Records an action.
     *
     * @param action {@code load}, {@code disable}, {@code enable} or {@code force}
     * @param patch the patch name, or null if unknown (a refused load)
     * @param jar the jar loaded, or null
     * @param sha256 the jar's SHA-256, or null
     * @param outcome {@code ok}, or the refusal
     */
    synchronized void record(String action, String patch, String jar, String sha256,
            String outcome) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", Instant.now().toString());
        record.put("user", Requester.current());
        record.put("pid", ProcessHandle.current().pid());
        record.put("action", action);
        record.put("patch", patch);
        record.put("jar", jar);
        record.put("sha256", sha256);
        record.put("outcome", outcome);
        if (records.size() == CAPACITY) {
            records.removeFirst();
        }
        records.addLast(record);
        if (patch != null) {
            latest.put(patch, record);
        }
        if (file != null) {
            append(Json.write(record) + "\n");
        }
    }

    /** @return the records kept, oldest first */
    synchronized List<Map<String, Object>> records() {
        return new ArrayList<>(records);
    }

    /**
     * @param patch a patch name
     * @return its latest record, or null
     */
    synchronized Map<String, Object> latest(String patch) {
        return latest.get(patch);
    }

    /** @return the SHA-256 recorded at the latest load of {@code patch}, or null */
    synchronized String loadedSha256(String patch) {
        for (Map<String, Object> record : (Iterable<Map<String, Object>>)
                records::descendingIterator) {
            if (patch.equals(record.get("patch")) && "load".equals(record.get("action"))) {
                return (String) record.get("sha256");
            }
        }
        return null;
    }

    private void append(String line) {
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------")))) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException | UnsupportedOperationException e) {
            logger.log(System.Logger.Level.ERROR, "jlivepatch audit file " + file + " not"
                    + " written: " + e + "; the record stays in 'jlp log'");
        }
    }
}
