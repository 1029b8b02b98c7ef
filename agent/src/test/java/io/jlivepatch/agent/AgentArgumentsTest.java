package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentArgumentsTest {

    @Test
    void noArgumentsGiveNoWarning() {
        assertEquals(List.of(), AgentArguments.warnings(null));
        assertEquals(List.of(), AgentArguments.warnings(""));
        assertEquals(List.of(), AgentArguments.warnings(" , "));
    }

    @Test
    void everyArgumentIsIgnoredWithItsOwnWarning() {
        List<String> warnings = AgentArguments.warnings("verbose=true, bare,=x");
        assertEquals(List.of(
                "ignoring unknown agent argument 'verbose': this version of jlivepatch accepts"
                        + " none",
                "ignoring agent argument 'bare': expected key=value",
                "ignoring agent argument '=x': expected key=value"), warnings);
    }

    @Test
    void patchesDirectoryIsRefusedWithWhatToDoInstead() {
        List<String> warnings = AgentArguments.warnings("patches=/etc/patches");
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).startsWith("ignoring agent argument 'patches=/etc/patches':"
                + " loading patches at startup is not supported"), warnings.get(0));
        assertTrue(warnings.get(0).contains("jlp load PID JAR"), warnings.get(0));
    }
}
