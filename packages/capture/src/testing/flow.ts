/** Drivers for the flow's Node tests. Not part of the package (excluded from its build). */

import type { Effect } from '../flow/effects.js';
import type { FlowEvent } from '../flow/events.js';
import type { FlowState, Photo } from '../flow/state.js';
import { transition } from '../flow/transition.js';

/** Runs events in order from a state; returns the last state and every effect asked for. */
export function run(state: FlowState, ...events: FlowEvent[]): { state: FlowState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const event of events) {
    const [next, asked] = transition(state, event);
    state = next;
    effects.push(...asked);
  }
  return { state, effects };
}

/** Each effect's type, with the signal's name for `emit`: what a test compares in order. */
export const types = (effects: Effect[]) => effects.map((e) => (e.type === 'emit' ? `emit:${e.signal.name}` : e.type));

/** A front-of-licence photo as the photo pipeline hands it on (a tiny blob, no barcode, no warning). */
export const photo = (url = 'blob:one'): Photo => ({
  image: { blob: new Blob(['x']), width: 1600, height: 1000 },
  url,
  subject: 'document_front',
  barcode: null,
  warning: null,
});
