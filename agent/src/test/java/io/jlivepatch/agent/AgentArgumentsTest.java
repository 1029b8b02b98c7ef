package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
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
        List<String> warnings = AgentArguments.warnings(
                "verbose=true, bare,=x,callbackTimeout=forever");
        assertEquals(List.of(
                "ignoring unknown agent argument 'verbose': the arguments are patches=DIR,"
                        + " control=off, callbackTimeout=DURATION, trust=FILE and audit=FILE",
                "ignoring agent argument 'bare': expected key=value",
                "ignoring agent argument '=x': expected key=value",
                "ignoring agent argument 'callbackTimeout=forever': give a duration such as 10s;"
                        + " callbacks keep the default of 10 s"), warnings);
    }

    @Test
    void callbackTimeoutIsTheLastValidOne() {
        assertEquals(Optional.of("2s"), AgentArguments.callbackTimeout(
                "callbackTimeout=500ms,callbackTimeout=2s,callbackTimeout=0s"));
        assertEquals(Optional.empty(), AgentArguments.callbackTimeout("control=off"));
    }

    @Test
    void patchesDirectoryIsAcceptedAndReadBack() {
        assertTrue(AgentArguments.warnings("patches=/etc/patches").isEmpty());
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/etc/patches")),
                AgentArguments.patchesDirectory("foo=1, patches=/etc/patches"));
        assertTrue(AgentArguments.patchesDirectory("foo=1").isEmpty());
    }

    @Test
    void controlChannelIsOnUnlessTurnedOff() {
        assertTrue(AgentArguments.controlChannel(null));
        assertTrue(AgentArguments.controlChannel("patches=/p, control=on"));
        assertFalse(AgentArguments.controlChannel("patches=/p, control = off"));
        assertEquals(List.of(), AgentArguments.warnings("control=off,control=on"));
        assertEquals(List.of("ignoring agent argument 'control=no': control is on or off"),
                AgentArguments.warnings("control=no"));
    }

}
