import { describe, expect, it } from 'vitest';
import { handoffMode, looksLikeDesktop, shouldOfferPhone, takeHandoffCode } from './handoff-env.js';

/** A window with just the address bar, to watch what `takeHandoffCode` leaves in it. */
function fakeWindow(href: string) {
  const calls: string[] = [];
  const win = {
    location: { href },
    history: { state: { kept: true }, replaceState: (_state: unknown, _title: string, url: string) => calls.push(url) },
  };
  return { win: win as unknown as Window, calls };
}

const CODE = 'a'.repeat(24) + 'B-_'.repeat(8);

describe('the hand-off code in the address', () => {
  it('takes it from the fragment and leaves the rest of the URL as it was', () => {
    const { win, calls } = fakeWindow(`https://shop.example/verify?step=2#berbix-handoff=${CODE}`);
    expect(takeHandoffCode(win)).toBe(CODE);
    expect(calls).toEqual(['https://shop.example/verify?step=2']);
  });

  it('keeps other fragment and query parts, and reads the query form too', () => {
    const fragment = fakeWindow(`https://shop.example/v#tab=id&berbix-handoff=${CODE}`);
    expect(takeHandoffCode(fragment.win)).toBe(CODE);
    expect(fragment.calls).toEqual(['https://shop.example/v#tab=id']);
    const query = fakeWindow(`https://shop.example/v?a=1&berbix-handoff=${CODE}&b=2#top`);
    expect(takeHandoffCode(query.win)).toBe(CODE);
    expect(query.calls).toEqual(['https://shop.example/v?a=1&b=2#top']);
    const only = fakeWindow(`https://shop.example/v?berbix-handoff=${CODE}`);
    expect(takeHandoffCode(only.win)).toBe(CODE);
    expect(only.calls).toEqual(['https://shop.example/v']);
  });

  it('does nothing without a code', () => {
    const { win, calls } = fakeWindow('https://shop.example/v?x=1#section');
    expect(takeHandoffCode(win)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('reads the handoff attribute: on, off, anything else is auto', () => {
    expect([handoffMode('on'), handoffMode(' OFF '), handoffMode('yes'), handoffMode(null)]).toEqual([
      'on',
      'off',
      'auto',
      'auto',
    ]);
  });
});

/** A window that answers the pointer queries and lists these devices (or has no mediaDevices). */
function deviceWindow(pointer: 'fine' | 'coarse', devices: MediaDeviceKind[] | null) {
  const matches = (query: string) =>
    pointer === 'fine' ? query.includes('fine') || query.includes('hover') : query === '(pointer: coarse)';
  return {
    matchMedia: (query: string) => ({ matches: matches(query) }),
    navigator: {
      mediaDevices:
        devices === null
          ? undefined
          : { enumerateDevices: async () => devices.map((kind) => ({ kind }) as MediaDeviceInfo) },
    },
  } as unknown as Window;
}

describe('offering a phone', () => {
  it('a phone without a camera is offered no phone, whatever the attribute short of that says: the photo path is its way', async () => {
    for (const devices of [null, [], ['audioinput']] as MediaDeviceKind[][]) {
      const phone = deviceWindow('coarse', devices);
      expect(await shouldOfferPhone('auto', phone)).toBe(false);
      expect(await shouldOfferPhone('on', phone)).toBe(false);
      expect(await looksLikeDesktop(phone)).toBe(false);
    }
  });

  it('a phone with a camera: only when the page says on; a computer: on auto too, with or without a camera', async () => {
    const phone = deviceWindow('coarse', ['videoinput']);
    expect(await shouldOfferPhone('auto', phone)).toBe(false);
    expect(await shouldOfferPhone('on', phone)).toBe(true);
    expect(await shouldOfferPhone('auto', deviceWindow('fine', ['videoinput']))).toBe(true);
    expect(await shouldOfferPhone('auto', deviceWindow('fine', []))).toBe(true);
    expect(await shouldOfferPhone('off', deviceWindow('fine', []))).toBe(false);
  });
});
