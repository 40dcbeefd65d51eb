import type { HandoffStatus, IdType } from '@berbix-capture/protocol';
import { html, nothing } from 'lit';
import type { HandoffController } from './controllers/handoff.js';
import { type CaptureStrings, fill } from './i18n.js';
import { renderQr } from './qr-svg.js';
import { actions, panel } from './view-parts.js';

/** The hand-off screens. Pure rendering: state lives in `HandoffController`, decisions in the element. */

/** Why a phone's claim failed, as the person is told. */
export type ClaimFailure = 'used' | 'expired' | 'invalid' | 'rate-limited' | 'unreachable';

/** Why this device stopped: it cancelled as the phone, or the computer took the session back. */
export type ElsewhereReason = 'cancelled' | 'taken-back';

export function renderChoice(t: CaptureStrings, onPhone: () => void, onComputer: () => void) {
  return panel(t.handoffChoiceTitle, t.handoffChoiceAdvice, [
    { label: t.handoffContinueOnPhone, action: onPhone, name: 'handoff-offer' },
    { label: t.handoffUseThisCamera, action: onComputer, name: 'handoff-use-computer', secondary: true },
  ]);
}

/** What is done so far, each line added as it happens (the list is a polite live region). */
function statusList(t: CaptureStrings, handoff: HandoffController, claimed: boolean, idType: IdType | null) {
  const status: HandoffStatus | null = handoff.status;
  const step = status?.step;
  const done = status?.done === true;
  const items: { key: string; text: string }[] = [];
  if (claimed || done) items.push({ key: 'connected', text: t.handoffPhoneConnected });
  if (done || step === 'upload_document_back') {
    items.push({ key: 'front', text: idType === 'P' ? t.handoffPassportDone : t.handoffFrontDone });
  }
  if (done && idType !== 'P') items.push({ key: 'back', text: t.handoffBackDone });
  // The live region wraps the list: a role on the <ul> itself would take its list semantics away.
  return html`<div data-handoff-status data-transport=${handoff.transport ?? ''} role="status" aria-live="polite">
    <ul class="handoff-status">
      ${claimed || done ? nothing : html`<li data-item="waiting">${t.handoffWaiting}</li>`}
      ${items.map((item) => html`<li data-item=${item.key}><span aria-hidden="true">✓ </span>${item.text}</li>`)}
    </ul>
  </div>`;
}

function expiryTime(expiresAt: string, lang: string): string {
  const date = new Date(expiresAt);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(lang || undefined, { timeStyle: 'short' }).format(date);
  } catch {
    return date.toLocaleTimeString();
  }
}

export function renderOffer(
  t: CaptureStrings,
  handoff: HandoffController,
  idType: IdType | null,
  lang: string,
  on: { copy: (link: HTMLElement | null) => void; cancel: () => void; retry: () => void; computer: () => void },
) {
  const offer = handoff.offer;
  // One heading for every state of this screen, so the focus put on it stays when the link arrives.
  return html`<h2 tabindex="-1">${t.handoffOfferTitle}</h2>
    ${
      handoff.phase === 'failed'
        ? html`<p data-handoff-error>${handoff.error === 'rate_limited' ? t.handoffOfferRateLimited : t.handoffOfferFailed}</p>
            ${actions([
              { label: t.tryAgain, action: on.retry, name: 'handoff-retry' },
              { label: t.handoffUseThisCamera, action: on.computer, name: 'handoff-use-computer', secondary: true },
            ])}`
        : offer
          ? renderLink(t, handoff, offer.url, offer.expiresAt, lang, on.copy)
          : html`<p part="message">${t.starting}</p>`
    }
    ${handoff.phase === 'failed' ? nothing : statusList(t, handoff, false, idType)}
    ${
      handoff.phase === 'failed'
        ? nothing
        : actions([{ label: t.handoffUseComputerInstead, action: on.cancel, name: 'handoff-cancel', secondary: true }])
    }`;
}

/** The QR code, the same link as text (its text alternative) with Copy, and the expiry. */
function renderLink(
  t: CaptureStrings,
  handoff: HandoffController,
  url: string,
  expiresAt: string,
  lang: string,
  copy: (link: HTMLElement | null) => void,
) {
  const copied = handoff.copied;
  return html`
    <p>${t.handoffOfferAdvice}</p>
    ${handoff.qr ? html`<div class="qr-frame">${renderQr(handoff.qr, t.handoffQrLabel)}</div>` : nothing}
    <p class="muted" id="handoff-link-label">${t.handoffLinkLabel}</p>
    <p class="handoff-link" data-handoff-link aria-labelledby="handoff-link-label">${url}</p>
    <div class="actions">
      <button
        type="button"
        class="secondary"
        data-action="handoff-copy"
        @click=${(event: Event) =>
          copy(((event.currentTarget as HTMLElement).getRootNode() as ShadowRoot).querySelector('[data-handoff-link]'))}
      >
        ${t.handoffCopy}
      </button>
      <span role="status" data-copy-state=${copied ?? ''}>
        ${copied === 'copied' ? t.handoffCopied : copied === 'selected' ? t.handoffCopySelected : ''}
      </span>
    </div>
    <p class="muted" data-handoff-expiry>${fill(t.handoffExpires, { time: expiryTime(expiresAt, lang) })}</p>
  `;
}

export function renderWatching(
  t: CaptureStrings,
  handoff: HandoffController,
  idType: IdType | null,
  cancel: () => void,
) {
  return html`
    <h2 tabindex="-1">${t.handoffWatchingTitle}</h2>
    <p>${t.handoffWatchingAdvice}</p>
    ${statusList(t, handoff, true, idType)}
    ${actions([{ label: t.handoffUseComputerInstead, action: cancel, name: 'handoff-cancel', secondary: true }])}
  `;
}

export function renderExpired(t: CaptureStrings, again: () => void, computer: () => void) {
  return panel(t.handoffExpiredTitle, t.handoffExpiredAdvice, [
    { label: t.handoffNewCode, action: again, name: 'handoff-offer' },
    { label: t.handoffUseThisCamera, action: computer, name: 'handoff-use-computer', secondary: true },
  ]);
}

export function renderElsewhere(t: CaptureStrings, reason: ElsewhereReason) {
  return reason === 'cancelled'
    ? panel(t.handoffCancelledTitle, t.handoffCancelledAdvice, [])
    : panel(t.handoffTakenBackTitle, t.handoffTakenBackAdvice, []);
}

const CLAIM_TEXT: Record<ClaimFailure, [keyof CaptureStrings, keyof CaptureStrings]> = {
  used: ['handoffUsedTitle', 'handoffUsedAdvice'],
  expired: ['handoffLinkExpiredTitle', 'handoffLinkExpiredAdvice'],
  invalid: ['handoffInvalidTitle', 'handoffInvalidAdvice'],
  'rate-limited': ['handoffRateLimitedTitle', 'handoffRateLimitedAdvice'],
  unreachable: ['handoffUnreachableTitle', 'handoffUnreachableAdvice'],
};

/** A phone whose link did not work: one clear screen per cause; only a network failure can be retried here. */
export function renderClaimFailed(t: CaptureStrings, reason: ClaimFailure, retry: () => void) {
  const [title, advice] = CLAIM_TEXT[reason];
  return html`<div data-claim-failure=${reason}>
    ${panel(t[title], t[advice], reason === 'unreachable' ? [{ label: t.tryAgain, action: retry, name: 'handoff-retry' }] : [])}
  </div>`;
}

/** The phone's reminder that this session came from a computer, with a way to give it back. */
export function renderBanner(t: CaptureStrings, cancel: () => void) {
  return html`<div class="handoff-banner" data-handoff-banner>
    <span>${t.handoffBanner}</span>
    <button type="button" class="secondary" data-action="handoff-phone-cancel" @click=${cancel}>${t.handoffCancel}</button>
  </div>`;
}
