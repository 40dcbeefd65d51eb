/**
 * The demo's event log: each berbix-* event as its name and a short sentence an integrator can read
 * at a glance, with the event's own fields as JSON underneath (shown by the log's "raw JSON" toggle).
 */

const SKIP = new Set(['isTrusted']);
const MAX_LOG_ENTRIES = 60;

/** An event's own fields (subject, step, issues...), which is what an integrator's code reads. */
function fields(event: Event): Record<string, unknown> {
  return Object.fromEntries(Object.entries(event).filter(([key]) => !SKIP.has(key)));
}

const kB = (bytes: unknown) => `${Math.round(Number(bytes) / 1024)} kB`;
/** `document_front` → "front", `upload_document_back` → "back", `upload_selfie_basic` → "selfie basic". */
const side = (value: unknown) =>
  String(value ?? '')
    .replace(/^upload_/, '')
    .replace(/^document_/, '')
    .replaceAll('_', ' ');

const CAMERA: Record<string, string> = {
  live: 'The camera is live',
  denied: 'Camera access was refused',
  unavailable: 'No camera could be opened',
  ended: 'The camera stopped',
};

/** A short human summary of one event, from its fields. */
export function summarise(type: string, f: Record<string, unknown>): string {
  switch (type) {
    case 'berbix-ready':
      return 'The session started';
    case 'berbix-step':
      if (f.step === 'done') return 'Every step is done';
      return `Step: ${side(f.step)}${String(f.step).includes('document') ? ' of the document' : ''}${
        Number(f.attempt) > 1 ? `, attempt ${f.attempt}` : ''
      }`;
    case 'berbix-camera':
      return CAMERA[String(f.state)] ?? `Camera: ${f.state}`;
    case 'berbix-capture':
      return `Photo of the ${side(f.subject)} ready: ${f.width}×${f.height}, ${kB(f.bytes)}`;
    case 'berbix-before-upload':
      return `Uploading the ${side(f.subject)} (${kB(f.bytes)})`;
    case 'berbix-upload-progress': {
      const total = Number(f.total);
      const percent = total > 0 ? Math.round((Number(f.loaded) / total) * 100) : 0;
      return `Uploaded ${percent}% of ${kB(total)}`;
    }
    case 'berbix-issues': {
      const issues = Array.isArray(f.issues) ? f.issues.map((code) => String(code).replaceAll('_', ' ')) : [];
      return `Berbix asks for the ${side(f.step)} again: ${issues.join(', ') || 'no reason given'}`;
    }
    case 'berbix-complete':
      return 'Finished: the result is on your server';
    case 'berbix-error':
      return `${f.recoverable ? 'Error (the person can carry on)' : 'Error'}: ${f.message ?? f.code}`;
    case 'berbix-handoff':
      return `Hand-off to a phone: ${f.state}${f.step ? ` (at the ${side(f.step)})` : ''}`;
    default:
      return '';
  }
}

export function logEvent(list: HTMLOListElement, event: Event): void {
  // Progress events come many times a second; keep only the latest of a run.
  const first = list.firstElementChild;
  if (event.type === 'berbix-upload-progress' && first?.getAttribute('data-type') === event.type) first.remove();
  const detail = fields(event);
  const item = document.createElement('li');
  item.dataset.type = event.type;
  const name = document.createElement('code');
  name.className = 'event-name';
  name.textContent = event.type;
  const summary = document.createElement('span');
  summary.className = 'event-summary';
  summary.textContent = summarise(event.type, detail);
  item.append(name, ' ', summary);
  if (Object.keys(detail).length) {
    const raw = document.createElement('pre');
    raw.className = 'event-raw';
    raw.textContent = JSON.stringify(detail);
    item.append(raw);
  }
  list.prepend(item);
  // The log grows with the page instead of scrolling in a box (a scrolling box must be focusable
  // for keyboard users); the oldest entries go.
  while (list.childElementCount > MAX_LOG_ENTRIES) list.lastElementChild?.remove();
}
