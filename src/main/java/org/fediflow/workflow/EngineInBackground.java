package org.fediflow.workflow;

import java.util.concurrent.atomic.AtomicBoolean;

import org.flowable.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;

/**
 * Flowable's engine takes about a second of every start to build (its MyBatis mappings parsed, its tables checked):
 * it is built on a thread of its own from the moment the web server is made, while the main thread starts Tomcat.
 * Spring makes one singleton at a time until its pre-instantiation phase, so the main thread waits for the engine at
 * its next bean: only the web server's own start runs beside it, and the beans are made in the order they would be
 * made on one thread, the engine and what it needs first. If the build fails here, the main thread builds the engine
 * again when it first needs it, and the start fails with that error.
 */
final class EngineInBackground implements BeanPostProcessor, BeanFactoryAware {

    private static final Logger log = LoggerFactory.getLogger(EngineInBackground.class);

    private final AtomicBoolean started = new AtomicBoolean();
    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beans = beanFactory;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof ServletWebServerFactory && started.compareAndSet(false, true)) {
            Thread thread = new Thread(this::build, "engine-build");
            thread.setDaemon(true);
            thread.start();
        }
        return bean;
    }

    private void build() {
        try {
            beans.getBean(ProcessEngine.class);
        } catch (RuntimeException e) {
            log.debug("the engine's build beside the web server's start failed; the start builds it again", e);
        }
    }
}
