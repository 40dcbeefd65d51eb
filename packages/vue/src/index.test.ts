import type {
  BerbixCaptureElement,
  BerbixCompleteEvent,
  BerbixHandoffEvent,
  BerbixStepEvent,
} from '@berbix-capture/capture';
import { containerPerTest, handoffDetourThenPhoto, waitForView } from '@berbix-capture/testing/element';
import { describe, expect, it } from 'vitest';
import { createApp, defineComponent, h, nextTick, ref } from 'vue';
import { BerbixCapture, BerbixCapturePlugin } from './index.js';

const container = containerPerTest();

describe('<BerbixCapture> for Vue 3', () => {
  it('passes props, re-emits typed events and exposes the element through a whole session', async () => {
    const steps: string[] = [];
    const handoffs: string[] = [];
    const completions: BerbixCompleteEvent[] = [];
    const component = ref<InstanceType<typeof BerbixCapture>>();
    const App = defineComponent({
      setup: () => () =>
        h(BerbixCapture, {
          ref: component,
          endpoint: '/berbix',
          idType: 'P',
          noCamera: true,
          lang: 'en',
          strings: { finishedTitle: 'All set from Vue' },
          handoff: 'on',
          decoder: 'off',
          'onBerbix-handoff': (event: BerbixHandoffEvent) => handoffs.push(event.state),
          'onBerbix-step': (event: BerbixStepEvent) => steps.push(event.step),
          'onBerbix-complete': (event: BerbixCompleteEvent) => completions.push(event),
        }),
    });
    const app = createApp(App);
    app.mount(container());
    await nextTick();
    const element = component.value?.element as BerbixCaptureElement;
    expect(element.tagName).toBe('BERBIX-CAPTURE');
    expect(element.idType).toBe('P');
    expect(element.noCamera).toBe(true);
    expect(element.strings).toEqual({ finishedTitle: 'All set from Vue' });
    expect(element.handoff).toBe('on');
    expect(element.decoder).toBe('off');

    // Continue on a phone is offered, its typed event is re-emitted, and "use this computer" comes back.
    await handoffDetourThenPhoto(element, handoffs);
    expect(completions).toHaveLength(1);
    expect(completions[0]?.type).toBe('berbix-complete');
    expect(steps).toEqual(['upload_document_front']);
    expect(element.shadowRoot?.textContent).toContain('All set from Vue');
    // The template ref's methods reach the element: restart() begins a new session from the start.
    await component.value?.restart();
    await waitForView(element, 'handoff-choice');
    app.unmount();
  });

  it('registers the component globally through the plugin', () => {
    const app = createApp({ render: () => h('div') });
    app.use(BerbixCapturePlugin);
    expect(app.component('BerbixCapture')).toBe(BerbixCapture);
  });
});
