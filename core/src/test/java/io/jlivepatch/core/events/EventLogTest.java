package io.jlivepatch.core.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventLogTest {

    @Test
    void aReaderBehindTheDroppedEventsIsToldHowManyWentAndOnlyOnce() {
        EventLog log = new EventLog(2);
        log.notice("one");
        log.notice("two");
        log.notice("three");
        log.notice("four");

        List<Event> all = log.since(0);
        assertEquals(List.of("livepatch: 2 earlier events were dropped; the log keeps the"
                + " latest 2", "livepatch: three", "livepatch: four"),
                all.stream().map(Event::message).toList());
        assertEquals(List.of(2L, 3L, 4L), all.stream().map(Event::sequence).toList());
        assertEquals(List.of("livepatch: three", "livepatch: four"),
                log.since(2).stream().map(Event::message).toList(),
                "a reader past the gap gets no warning");
    }
}
