/** The side panel: the element's events as they happen, and the result the server received. */

const SKIP = new Set(['isTrusted']);
const MAX_LOG_ENTRIES = 60;

/** An event's own fields (subject, step, issues...), which is what an integrator reads. */
function describe(event: Event): string {
  const detail = Object.fromEntries(Object.entries(event).filter(([key]) => !SKIP.has(key)));
  return Object.keys(detail).length ? JSON.stringify(detail) : '';
}

export function logEvent(list: HTMLOListElement, event: Event): void {
  // Progress events come many times a second; keep only the latest of a run.
  const first = list.firstElementChild;
  if (event.type === 'berbix-upload-progress' && first?.getAttribute('data-type') === event.type) first.remove();
  const item = document.createElement('li');
  item.dataset.type = event.type;
  const name = document.createElement('code');
  name.textContent = event.type;
  item.append(name, ` ${describe(event)}`);
  list.prepend(item);
  // The log grows with the page instead of scrolling in a box (a scrolling box must be focusable
  // for keyboard users); the oldest entries go.
  while (list.childElementCount > MAX_LOG_ENTRIES) list.lastElementChild?.remove();
}

export interface ResultSummary {
  transactionId: string | null;
  completedAt: string;
  action: string | null;
  flags: string[];
  name: string | null;
  dateOfBirth: string | null;
  idNumber: string | null;
  idType: string | null;
  issuer: string | null;
  issueDate: string | null;
  expiryDate: string | null;
  address: string | null;
  webhooksReceived: number;
}

const ROWS: Array<[keyof ResultSummary, string]> = [
  ['action', 'Decision'],
  ['name', 'Name'],
  ['dateOfBirth', 'Date of birth'],
  ['idType', 'Document'],
  ['idNumber', 'Document number'],
  ['issuer', 'Issued by'],
  ['issueDate', 'Issued on'],
  ['expiryDate', 'Expires on'],
  ['address', 'Address'],
  ['transactionId', 'Berbix transaction'],
  ['completedAt', 'Completed'],
  ['webhooksReceived', 'Webhooks received'],
];

export function renderResult(container: HTMLElement, result: ResultSummary | null, message?: string): void {
  if (!result) {
    const p = document.createElement('p');
    p.textContent = message ?? 'Finish the capture to see what your server received.';
    container.replaceChildren(p);
    return;
  }
  const list = document.createElement('dl');
  for (const [key, label] of ROWS) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = String(result[key] ?? '—');
    list.append(dt, dd);
  }
  const flags = document.createElement('dt');
  flags.textContent = 'Flags';
  const flagList = document.createElement('dd');
  flagList.textContent = result.flags.length ? result.flags.join(', ') : 'none';
  list.append(flags, flagList);
  container.replaceChildren(list);
}
