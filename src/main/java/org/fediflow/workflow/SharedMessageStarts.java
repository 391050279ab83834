package org.fediflow.workflow;

import java.util.Map;

import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.common.engine.impl.interceptor.Command;
import org.flowable.common.engine.impl.interceptor.CommandContext;
import org.flowable.engine.impl.bpmn.deployer.EventSubscriptionManager;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.event.EventDefinitionExpressionUtil;
import org.flowable.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.flowable.engine.impl.util.CommandContextUtil;
import org.flowable.engine.impl.util.CountingEntityUtil;
import org.flowable.engine.repository.ProcessDefinition;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.eventsubscription.service.EventSubscriptionService;
import org.flowable.eventsubscription.service.impl.persistence.entity.MessageEventSubscriptionEntity;

/**
 * Any number of diagrams may start on one message (ADR 9). Flowable keeps one start subscription per deployed
 * definition and message in {@code ACT_RU_EVENT_SUBSCR}, replaces a diagram's subscriptions when a new version is
 * deployed, and drops them with its deployment; all of that stays. What goes is only its refusal to deploy a second
 * definition on a message another one already starts on: Fediflow never asks the engine to pick "the" definition for a
 * message ({@code startProcessInstanceByMessage}); {@link EventRouter} starts every subscribed definition itself with
 * {@link StartAtMessage}.
 */
final class SharedMessageStarts extends EventSubscriptionManager {

    @Override
    protected void insertMessageEvent(MessageEventDefinition definition, StartEvent startEvent,
                                      ProcessDefinitionEntity processDefinition, BpmnModel bpmnModel) {
        CommandContext context = CommandContextUtil.getCommandContext();
        EventSubscriptionService subscriptions = CommandContextUtil.getProcessEngineConfiguration(context)
                .getEventSubscriptionServiceConfiguration().getEventSubscriptionService();
        MessageEventSubscriptionEntity subscription = subscriptions.createMessageEventSubscription();
        subscription.setEventName(EventDefinitionExpressionUtil.determineMessageName(context, definition, processDefinition));
        subscription.setActivityId(startEvent.getId());
        subscription.setConfiguration(processDefinition.getId());
        subscription.setProcessDefinitionId(processDefinition.getId());
        if (processDefinition.getTenantId() != null) {
            subscription.setTenantId(processDefinition.getTenantId());
        }
        subscriptions.insertEventSubscription(subscription);
        CountingEntityUtil.handleInsertEventSubscriptionEntityCount(subscription);
    }

    /** Starts one definition at its start event for this message, as the engine does for its single owner. */
    record StartAtMessage(String definitionId, String messageName, String businessKey, Map<String, Object> variables)
            implements Command<ProcessInstance> {

        @Override
        public ProcessInstance execute(CommandContext context) {
            ProcessEngineConfigurationImpl engine = CommandContextUtil.getProcessEngineConfiguration(context);
            ProcessDefinition definition = engine.getDeploymentManager().findDeployedProcessDefinitionById(definitionId);
            return engine.getProcessInstanceHelper().createAndStartProcessInstanceByMessage(definition, messageName,
                    businessKey, null, variables, null, null, null, null, null, null, null);
        }
    }
}
