import type { IdType } from '@berbix-capture/protocol';
import { type FlowKind, mountFlow } from './page/flows.js';
import { logEvent, type ResultSummary, renderResult } from './page/panels.js';

/**
 * The demo page: one capture flow at a time (the camera can only be open once), through the plain
 * tag, the React wrapper or the Vue wrapper, with the events and the server's result beside it.
 */
const controls = document.querySelector('#controls') as HTMLFormElement;
const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
const panel = document.querySelector('#flow') as HTMLElement;
const log = document.querySelector('#event-log') as HTMLOListElement;
const result = document.querySelector('#result') as HTMLElement;
const scenarioSelect = controls.elements.namedItem('scenario') as HTMLSelectElement;
const idTypeSelect = controls.elements.namedItem('idType') as HTMLSelectElement;

let flow: FlowKind = 'html';
let unmount: (() => void) | null = null;

async function loadConfig(): Promise<void> {
  const config = (await (await fetch('/demo/config')).json()) as { scenarios: string[]; berbix: string };
  for (const scenario of config.scenarios) {
    const [name, step] = scenario.split('@');
    scenarioSelect.add(new Option(`${name?.replaceAll('_', ' ')} (${step})`, scenario));
  }
  if (config.berbix !== 'sandbox') {
    scenarioSelect.disabled = true;
    (document.querySelector('#berbix-mode') as HTMLElement).textContent =
      'This demo is connected to the real Berbix API with your credentials.';
  }
}

async function showResult(): Promise<void> {
  const response = await fetch('/demo/result');
  renderResult(result, response.ok ? ((await response.json()) as ResultSummary) : null, 'The result is not ready.');
}

/** Mounts the chosen flow; a live session (say, after a reload) is resumed by the element. */
function mount(): void {
  unmount?.();
  log.replaceChildren();
  renderResult(result, null);
  unmount = mountFlow(flow, panel, {
    idType: idTypeSelect.value as IdType | '',
    onEvent: (event) => {
      logEvent(log, event);
      if (event.type === 'berbix-complete') void showResult();
    },
  });
}

/** Ends the current session, applies the chosen scenario and mounts a fresh flow. */
async function restart(): Promise<void> {
  unmount?.();
  unmount = null;
  await fetch('/berbix/session', { method: 'DELETE' });
  await fetch('/demo/scenario', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: scenarioSelect.value || null }),
  });
  mount();
}

function selectTab(tab: HTMLButtonElement, focus: boolean): void {
  for (const other of tabs) {
    const selected = other === tab;
    other.setAttribute('aria-selected', String(selected));
    other.tabIndex = selected ? 0 : -1;
  }
  panel.setAttribute('aria-labelledby', tab.id);
  if (focus) tab.focus();
  flow = tab.dataset.flow as FlowKind;
  void restart();
}

for (const tab of tabs) {
  tab.addEventListener('click', () => selectTab(tab, false));
  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
  tab.addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    if (next) selectTab(next, true);
  });
}
controls.addEventListener('submit', (event) => {
  event.preventDefault();
  void restart();
});

await loadConfig();
mount();
