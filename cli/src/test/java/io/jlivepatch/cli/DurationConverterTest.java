package io.jlivepatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsMillisecondsSecondsMinutesAndHours() {
        assertEquals(Duration.ofMillis(500), DurationConverter.parse("500ms"));
        assertEquals(Duration.ofSeconds(2), DurationConverter.parse("2s"));
        assertEquals(Duration.ofMinutes(1), DurationConverter.parse("1m"));
        assertEquals(Duration.ofHours(3), DurationConverter.parse("3h"));
        assertEquals(Duration.ZERO, DurationConverter.parse("0s"));
    }

    @Test
    void refusesNumbersWithoutUnitAndOtherForms() {
        for (String bad : new String[] {"5", "5x", "1.5s", "-1s", "s", "", "1 m", "2S"}) {
            TypeConversionException e = assertThrows(TypeConversionException.class,
                    () -> DurationConverter.parse(bad), bad);
            assertTrue(e.getMessage().contains("for example 500ms, 2s or 1m"), e.getMessage());
        }
    }

    @Test
    void formatsInTheLargestExactUnit() {
        assertEquals("1m", DurationConverter.format(Duration.ofMinutes(1)));
        assertEquals("90s", DurationConverter.format(Duration.ofSeconds(90)));
        assertEquals("1500ms", DurationConverter.format(Duration.ofMillis(1500)));
        assertEquals("0ms", DurationConverter.format(Duration.ZERO));
    }
}
