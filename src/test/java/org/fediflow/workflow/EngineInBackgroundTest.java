package org.fediflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.flowable.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;

class EngineInBackgroundTest {

    private final List<String> buildThreads = new CopyOnWriteArrayList<>();
    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    private final EngineInBackground background = new EngineInBackground();

    EngineInBackgroundTest() {
        background.setBeanFactory(beans);
    }

    private void engineBuilt(boolean failFirst) {
        RootBeanDefinition engine = new RootBeanDefinition(ProcessEngine.class);
        engine.setInstanceSupplier(() -> {
            buildThreads.add(Thread.currentThread().getName());
            if (failFirst && buildThreads.size() == 1) {
                throw new IllegalStateException("the database is not there yet");
            }
            return mock(ProcessEngine.class);
        });
        beans.registerBeanDefinition("processEngine", engine);
    }

    @Test
    void theEngineIsBuiltOnceOnAThreadOfItsOwnWhenTheWebServerIsMade() {
        engineBuilt(false);
        TomcatServletWebServerFactory webServer = new TomcatServletWebServerFactory();

        assertThat(background.postProcessAfterInitialization(webServer, "tomcatServletWebServerFactory")).isSameAs(webServer);
        background.postProcessAfterInitialization(new TomcatServletWebServerFactory(), "another");

        await().atMost(Duration.ofSeconds(10)).until(() -> beans.containsSingleton("processEngine"));
        assertThat(beans.getBean(ProcessEngine.class)).isNotNull();
        assertThat(buildThreads).containsExactly("engine-build");
    }

    @Test
    void otherBeansStartNoBuild() throws InterruptedException {
        engineBuilt(false);

        background.postProcessAfterInitialization("a bean", "aBean");

        Thread.sleep(200);
        assertThat(buildThreads).isEmpty();
        assertThat(beans.containsSingleton("processEngine")).isFalse();
    }

    @Test
    void aBuildThatFailsBesideTheStartIsDoneAgainByTheThreadThatNeedsTheEngine() {
        engineBuilt(true);

        background.postProcessAfterInitialization(new TomcatServletWebServerFactory(), "tomcatServletWebServerFactory");
        await().atMost(Duration.ofSeconds(10)).until(() -> buildThreads.size() == 1);

        assertThat(beans.getBean(ProcessEngine.class)).isNotNull();
        assertThat(buildThreads).containsExactly("engine-build", Thread.currentThread().getName());
    }
}
