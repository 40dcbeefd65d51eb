import type { BerbixCaptureElement } from '@berbix-capture/capture';
import { createRoot as createRoot18, React as React18 } from '@berbix-capture/react18-fixture';
import { containerPerTest, handoffDetourThenPhoto } from '@berbix-capture/testing/element';
import * as React19 from 'react';
import { createRoot as createRoot19 } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { BerbixCapture, createBerbixCapture } from './index.js';

/** Both React majors, each with its own renderer, run the same flow. */
const versions = [
  { name: 'React 19', React: React19, createRoot: createRoot19, Component: BerbixCapture },
  { name: 'React 18', React: React18 as unknown as typeof React19, createRoot: createRoot18, Component: null },
] as const;

const container = containerPerTest();

describe.each(versions)('<BerbixCapture> on $name', ({ React, createRoot, Component: given }) => {
  it('passes props, forwards a ref and delivers typed events through a whole session', async () => {
    expect(React.version).toMatch(given ? /^19\./ : /^18\./);
    const Component = given ?? createBerbixCapture(React);
    const ref = React.createRef<BerbixCaptureElement>();
    const steps: string[] = [];
    const handoffs: string[] = [];
    let completed = 0;
    const root = createRoot(container());
    React.startTransition(() => {
      root.render(
        React.createElement(Component, {
          ref,
          endpoint: '/berbix',
          idType: 'P',
          noCamera: true,
          lang: 'en',
          strings: { finishedTitle: 'All set from React' },
          handoff: 'on',
          onBerbixHandoff: (event) => handoffs.push(event.state),
          onBerbixStep: (event) => steps.push(event.step),
          onBerbixComplete: () => {
            completed++;
          },
        }),
      );
    });
    await expect.poll(() => ref.current?.tagName).toBe('BERBIX-CAPTURE');
    const element = ref.current as BerbixCaptureElement;
    // Scalars become attributes/properties, objects become properties.
    expect(element.idType).toBe('P');
    expect(element.noCamera).toBe(true);
    expect(element.strings).toEqual({ finishedTitle: 'All set from React' });
    expect(element.handoff).toBe('on');

    // Continue on a phone is offered, its typed event arrives, and "use this computer" comes back.
    await handoffDetourThenPhoto(element, handoffs);
    expect(completed).toBe(1);
    expect(steps).toEqual(['upload_document_front']);
    expect(element.shadowRoot?.textContent).toContain('All set from React');
    root.unmount();
  });
});
