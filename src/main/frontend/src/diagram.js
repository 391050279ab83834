// Showing diagrams: fitting them in view, laying out hand-written ones that carry no layout.
import { layoutProcess } from 'bpmn-auto-layout';
import { BpmnModdle } from 'bpmn-moddle';
import flowable from './flowable.json';

/** The whole diagram in view, centred, never blown up beyond its natural size. */
export function fit(viewer) {
  const canvas = viewer.get('canvas');
  canvas.zoom('fit-viewport', 'auto');
  if (canvas.zoom() > 1) canvas.zoom(1, 'auto');
}

/** Diagrams written by hand may have no layout; they are laid out for display. */
export async function withLayout(xml) {
  if (xml.includes('BPMNDiagram')) return xml;
  // The layout follows each node's incoming/outgoing references, which hand-written XML usually leaves out.
  const moddle = new BpmnModdle({ flowable });
  const { rootElement } = await moddle.fromXML(xml);
  const link = (container) => (container.flowElements || []).forEach((e) => {
    if (e.$type === 'bpmn:SequenceFlow' && e.sourceRef && e.targetRef) {
      if (!e.sourceRef.get('outgoing').includes(e)) e.sourceRef.get('outgoing').push(e);
      if (!e.targetRef.get('incoming').includes(e)) e.targetRef.get('incoming').push(e);
    }
    if (e.flowElements) link(e);
  });
  rootElement.rootElements.filter((r) => r.$type === 'bpmn:Process').forEach(link);
  return layoutProcess((await moddle.toXML(rootElement)).xml);
}
