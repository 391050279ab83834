package org.fediflow.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param admin the operator login for the console and {@code /api/**} */
@ConfigurationProperties("fediflow")
record ConsoleProperties(@DefaultValue Admin admin) {

    /** @param password when unset, one is generated at first start, printed once and stored hashed */
    record Admin(@DefaultValue("admin") String username, String password) {
    }
}
