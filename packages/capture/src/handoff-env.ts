import { HANDOFF_PARAM } from '@berbix-capture/protocol';

/** What the page tells the element about hand-off: the code in its address, and the kind of device. */

/** `handoff` attribute values; anything else reads as `auto`. */
export type HandoffMode = 'auto' | 'on' | 'off';

export function handoffMode(value: string | null | undefined): HandoffMode {
  const v = (value ?? '').trim().toLowerCase();
  return v === 'on' || v === 'off' ? v : 'auto';
}

/** The `&`-separated parts of a fragment or query without ours, and the value ours carried. */
function withoutParam(part: string): { rest: string; value: string | null } {
  let value: string | null = null;
  const kept = part.split('&').filter((pair) => {
    const [name, ...tail] = pair.split('=');
    if (name !== HANDOFF_PARAM) return true;
    value ??= safeDecode(tail.join('='));
    return false;
  });
  return { rest: kept.join('&'), value };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Takes the hand-off code from the page's address (fragment first, then query) and removes it from
 * the address bar at once with `history.replaceState`, keeping everything else, so the one-time
 * code does not stay in the history, a bookmark or a shared screenshot. Null when there is none.
 */
export function takeHandoffCode(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const hash = withoutParam(url.hash.replace(/^#/, ''));
  const query = withoutParam(url.search.replace(/^\?/, ''));
  const value = hash.value ?? query.value;
  if (value === null) return null;
  url.hash = hash.rest;
  url.search = query.rest;
  // `URL` leaves a bare "#" or "?" behind when the part becomes empty; the address bar should not.
  const clean = url.href.replace(/#$/, '').replace(/\?(?=#|$)/, '');
  try {
    win.history.replaceState(win.history.state, '', clean);
  } catch {
    // A sandboxed frame may refuse; the claim still happens and the code is single use anyway.
  }
  return value;
}

/**
 * Whether this looks like a computer, where a phone's camera is the better choice: a fine pointer
 * that can hover (mouse or trackpad), or no camera at all on a device that is not itself a phone.
 */
export async function looksLikeDesktop(win: Window = window): Promise<boolean> {
  if (win.matchMedia?.('(pointer: fine) and (hover: hover)').matches) return true;
  if (isTouch(win)) return false;
  return !(await hasCamera(win));
}

/**
 * Whether to offer continuing on a phone: never with `off`; never on a touch device without a camera
 * (it is the phone: its way is the photo path, straight away); with `on` everywhere else; with `auto`
 * where this looks like a computer.
 */
export async function shouldOfferPhone(mode: HandoffMode, win: Window = window): Promise<boolean> {
  if (mode === 'off') return false;
  if (isTouch(win) && !(await hasCamera(win))) return false;
  return mode === 'on' || looksLikeDesktop(win);
}

/** The primary pointer is a finger (the element's layout uses the same test). */
function isTouch(win: Window): boolean {
  return win.matchMedia?.('(pointer: coarse)').matches ?? false;
}

/** The browser lists a camera (labels or not: before permission they are empty, the kind is there). */
async function hasCamera(win: Window): Promise<boolean> {
  try {
    const devices = (await win.navigator.mediaDevices?.enumerateDevices?.()) ?? [];
    return devices.some((device) => device.kind === 'videoinput');
  } catch {
    // Cannot tell: assume there is one, so nobody loses the phone offer or the camera by a guess.
    return true;
  }
}
