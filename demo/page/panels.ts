/** The side panel's result: what the integrator's server received when the flow finished. */

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
