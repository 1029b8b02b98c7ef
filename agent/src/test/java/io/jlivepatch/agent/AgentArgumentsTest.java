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
                "ignoring unknown agent argument 'verbose': the only one is patches=DIR",
                "ignoring agent argument 'bare': expected key=value",
                "ignoring agent argument '=x': expected key=value"), warnings);
    }

    @Test
    void patchesDirectoryIsAcceptedAndReadBack() {
        assertTrue(AgentArguments.warnings("patches=/etc/patches").isEmpty());
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/etc/patches")),
                AgentArguments.patchesDirectory("foo=1, patches=/etc/patches"));
        assertTrue(AgentArguments.patchesDirectory("foo=1").isEmpty());
    }

}
