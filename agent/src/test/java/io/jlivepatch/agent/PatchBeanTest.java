package io.jlivepatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.core.status.EngineStatus.FunctionStatus;
import io.jlivepatch.core.status.EngineStatus.ObjectStatus;
import io.jlivepatch.core.status.EngineStatus.PatchStatus;
import java.util.List;
import javax.management.JMException;
import org.junit.jupiter.api.Test;

class PatchBeanTest {

    private static final PatchStatus FIX = new PatchStatus("fix-1", true, true, false, 1, "",
            "/tmp/fix1.jar", List.of(), List.of(new ObjectStatus("com.acme.Billing", "app", true,
                    false, List.of(
                    new FunctionStatus("total", "(Ljava/util/List;)I", true, true, false),
                    new FunctionStatus("rate", "()I", false, false, false)))));

    @Test
    void objectsReadAsTheyDoInSysfs() {
        assertEquals(List.of("com.acme.Billing [app] patched=true"),
                PatchBean.objectLines(FIX));
    }

    @Test
    void functionsNameClassMethodDescriptorLoaderAndState() {
        assertEquals(List.of(
                "com.acme.Billing.total(Ljava/util/List;)I [app] patched=true transition=true",
                "com.acme.Billing.rate()I [app] patched=false transition=false"),
                PatchBean.functionLines(FIX));
    }

    @Test
    void objectNamesQuoteThePatchName() throws JMException {
        assertEquals("io.jlivepatch:type=Patch,name=\"fix-1\"",
                PatchBeans.objectName("fix-1").toString());
    }
}
