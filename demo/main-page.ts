import type { IdType } from '@berbix-capture/protocol';
import { logEvent } from './page/event-log.js';
import { type FlowKind, mountFlow } from './page/flows.js';
import { fillLanguagePicker, shippedLanguages } from './page/languages.js';
import { type ResultSummary, renderResult } from './page/panels.js';

/**
 * The demo page: one capture flow at a time (the camera can only be open once), through the plain
 * tag, the React wrapper or the Vue wrapper. The element comes first; the demo's settings, the
 * result and the events follow (beside it on a wide screen, below it on a phone).
 */
const controls = document.querySelector('#controls') as HTMLFormElement;
const settings = document.querySelector('#demo-settings') as HTMLDetailsElement;
const panel = document.querySelector('#flow') as HTMLElement;
const log = document.querySelector('#event-log') as HTMLOListElement;
const showRaw = document.querySelector('#show-raw') as HTMLInputElement;
const result = document.querySelector('#result') as HTMLElement;
const field = <T extends Element>(name: string) => controls.elements.namedItem(name) as T;
const scenarioSelect = field<HTMLSelectElement>('scenario');
const idTypeSelect = field<HTMLSelectElement>('idType');
const langSelect = field<HTMLSelectElement>('lang');
const flowRadios = [...controls.querySelectorAll<HTMLInputElement>('input[name="flow"]')];

/** Beside the element there is room to show the settings; on a phone they wait, folded, below it. */
settings.open = window.matchMedia('(min-width: 56rem)').matches;

let unmount: (() => void) | null = null;
const chosenFlow = () => (flowRadios.find((radio) => radio.checked)?.value ?? 'html') as FlowKind;

fillLanguagePicker(langSelect);
// `?lang=ar` opens the demo in that language (a link to share, a screenshot to take).
const askedLang = new URLSearchParams(window.location.search).get('lang') ?? '';
if (shippedLanguages().includes(askedLang)) langSelect.value = askedLang;

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
  unmount = mountFlow(chosenFlow(), panel, {
    idType: idTypeSelect.value as IdType | '',
    lang: langSelect.value,
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

/** The language applies at once to the element on screen, mid-flow, as the `lang` attribute does. */
langSelect.addEventListener('change', () => {
  const element = panel.querySelector('berbix-capture');
  if (langSelect.value) element?.setAttribute('lang', langSelect.value);
  else element?.removeAttribute('lang');
  const url = new URL(window.location.href);
  if (langSelect.value) url.searchParams.set('lang', langSelect.value);
  else url.searchParams.delete('lang');
  window.history.replaceState(window.history.state, '', url);
});
for (const radio of flowRadios) radio.addEventListener('change', () => void restart());
showRaw.addEventListener('change', () => log.classList.toggle('show-raw', showRaw.checked));
controls.addEventListener('submit', (event) => {
  event.preventDefault();
  void restart();
});

await loadConfig();
mount();
