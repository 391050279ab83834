package org.fediflow;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps the module boundaries of the design: dependencies point inward, no cycles, internals stay internal. */
class ArchitectureTest {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(FediflowApplication.class).verify();
    }
}
