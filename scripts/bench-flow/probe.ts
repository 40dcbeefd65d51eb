/**
 * Runs inside the demo page before any of its scripts (Playwright's `addInitScript`, serialised, so
 * it uses nothing from outside itself): stamps with `performance.now()` (milliseconds since the
 * navigation started) each screen the element shows, each time its video starts playing, when the
 * guidance line first has text, and when "Use this photo" is pressed. Timing in the page itself
 * keeps the protocol round trips of the driving script out of the figures.
 *
 * On a desktop-sized page the element first offers to continue on a phone; the probe takes this
 * computer's camera at once, as the e2e suite does, so both trees pay the same (near zero) delay.
 */
export interface FlowMarks {
  /** Every screen change: the element's `data-view`, in order. */
  views: Array<{ view: string; at: number }>;
  /** Every `playing` event of the element's video. */
  playing: number[];
  /** The first time the guidance line over the live preview had text. */
  guidance: number | null;
  /** Presses of "Use this photo". */
  use: number[];
}

declare global {
  interface Window {
    __flowMarks?: FlowMarks;
  }
}

export function installFlowProbe(): void {
  const marks: FlowMarks = { views: [], playing: [], guidance: null, use: [] };
  window.__flowMarks = marks;

  const watch = (root: ShadowRoot) => {
    const check = () => {
      const now = performance.now();
      const view = root.querySelector('[part="base"]')?.getAttribute('data-view') ?? '';
      if (view && marks.views.at(-1)?.view !== view) {
        marks.views.push({ view, at: now });
        if (view === 'handoff-choice') {
          (root.querySelector('[data-action="handoff-use-computer"]') as HTMLElement | null)?.click();
        }
      }
      const guidance = root.querySelector('[data-guidance]');
      if (marks.guidance === null && view === 'capture' && guidance?.textContent?.trim()) marks.guidance = now;
    };
    new MutationObserver(check).observe(root, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    // Media events do not bubble, but a capturing listener on the shadow root sees them.
    root.addEventListener('playing', () => marks.playing.push(performance.now()), true);
    root.addEventListener(
      'click',
      (event) => {
        const action = (event.target as Element | null)?.closest?.('[data-action]')?.getAttribute('data-action');
        if (action === 'use') marks.use.push(performance.now());
      },
      true,
    );
    check();
  };

  // The demo mounts a new element on every start over; each one is watched from its first render.
  const watched = new WeakSet<Element>();
  const find = () => {
    for (const element of document.querySelectorAll('berbix-capture')) {
      if (element.shadowRoot && !watched.has(element)) {
        watched.add(element);
        watch(element.shadowRoot);
      }
    }
  };
  new MutationObserver(find).observe(document, { subtree: true, childList: true });
  // The shadow root appears when the element upgrades, which no document mutation announces.
  const poll = () => {
    find();
    if (!document.querySelector('berbix-capture')?.shadowRoot) requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
}

/**
 * The probe as an init script's source. Run from TypeScript through tsx, a function's text calls
 * esbuild's `__name` helper, which the page does not have; the script brings a no-op one.
 */
export const FLOW_PROBE_SCRIPT = `globalThis.__name ??= (f) => f;\n(${installFlowProbe.toString()})();`;
