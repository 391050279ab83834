package org.fediflow.shared;

import java.util.ArrayList;
import java.util.List;

import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.spring.boot.EngineConfigurationConfigurer;

/** Adds a listener to the engine's events, beside the listeners already configured. */
public final class EngineListeners {

    private EngineListeners() {
    }

    public static EngineConfigurationConfigurer<SpringProcessEngineConfiguration> adding(FlowableEventListener listener) {
        return configuration -> {
            List<FlowableEventListener> listeners = new ArrayList<>();
            if (configuration.getEventListeners() != null) {
                listeners.addAll(configuration.getEventListeners());
            }
            listeners.add(listener);
            configuration.setEventListeners(listeners);
        };
    }
}
