import { describe, expect, it } from 'vitest';
import { handoffMode, takeHandoffCode } from './handoff-env.js';

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
