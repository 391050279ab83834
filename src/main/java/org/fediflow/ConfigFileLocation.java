package org.fediflow;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code FEDIFLOW_CONFIG} names a configuration file read on top of {@code ./config/application.yml} (which Spring
 * Boot reads by itself); a file that is not there stops the start. Runs before the configuration files are read.
 */
class ConfigFileLocation implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String file = environment.getProperty("FEDIFLOW_CONFIG");
        if (file != null && !file.isBlank() && !environment.containsProperty("spring.config.additional-location")) {
            environment.getPropertySources().addLast(new MapPropertySource("FEDIFLOW_CONFIG",
                    Map.of("spring.config.additional-location", "file:" + file.trim())));
        }
    }
}
