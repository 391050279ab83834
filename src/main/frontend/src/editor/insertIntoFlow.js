// Appending a step after an element that already leads somewhere puts the step into that flow (a → new → b)
// instead of starting a parallel branch (a → b and a → new); what came after moves right to make room.
import inherits from 'inherits-browser';
import CommandInterceptor from 'diagram-js/lib/command/CommandInterceptor';

const GAP = 50;

export function InsertIntoFlowBehavior(eventBus, modeling, elementRegistry) {
  CommandInterceptor.call(this, eventBus);

  this.postExecuted('shape.append', (event) => {
    const { source, shape } = event.context;
    if (!source || !shape || shape.type === 'label' || shape.type.includes('BoundaryEvent')) return;
    if (source.type.includes('Gateway')) return; // a gateway's extra branch is what the operator wants there
    const existing = (source.outgoing || []).filter((c) => c.type === 'bpmn:SequenceFlow' && c.target !== shape);
    if (existing.length !== 1) return;
    const flow = existing[0];
    const next = flow.target;

    // Make room: everything from the old target rightwards moves by the new step's width.
    const delta = shape.x + shape.width + GAP - next.x;
    if (delta > 0) {
      const downstream = elementRegistry.filter((e) => !e.waypoints && e.type !== 'label' && e !== shape
        && e.parent === source.parent && e.x >= next.x);
      if (downstream.length) modeling.moveElements(downstream, { x: delta, y: 0 });
    }
    modeling.reconnectStart(flow, shape, { x: shape.x + shape.width, y: shape.y + shape.height / 2 });
  });
}

inherits(InsertIntoFlowBehavior, CommandInterceptor);
InsertIntoFlowBehavior.$inject = ['eventBus', 'modeling', 'elementRegistry'];

export default {
  __init__: ['insertIntoFlowBehavior'],
  insertIntoFlowBehavior: ['type', InsertIntoFlowBehavior],
};
