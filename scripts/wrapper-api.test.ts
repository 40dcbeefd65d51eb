import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// The wrappers as Node imports them (no DOM: the same path as server-side rendering).
import { BERBIX_CAPTURE_EVENTS } from '@berbix-capture/react';
import { BerbixCapture as VueBerbixCapture } from '@berbix-capture/vue';
import { describe, expect, it } from 'vitest';

/**
 * One source for the element's API: the custom elements manifest (generated from the element's
 * JSDoc and checked to be current by the test command). The wrappers' lists are generated from it
 * (scripts/wrappers.mjs, also checked by the test command); this checks what they export, and that
 * their READMEs name every public property, event and method it lists.
 */
const ROOT = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Member {
  kind: string;
  name: string;
  privacy?: string;
  static?: boolean;
}
interface Declaration {
  tagName?: string;
  members?: Member[];
  events?: { name: string }[];
}
const manifest = JSON.parse(read('packages/capture/custom-elements.json')) as {
  modules: { declarations?: Declaration[] }[];
};
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'berbix-capture');
const publicMembers = (kind: string) =>
  (element?.members ?? [])
    .filter((m) => m.kind === kind && !m.static && (m.privacy === undefined || m.privacy === 'public'))
    .map((m) => m.name);
const properties = publicMembers('field');
const methods = publicMembers('method');
const events = (element?.events ?? []).map((event) => event.name);
/** `berbix-upload-progress` -> `onBerbixUploadProgress`, as @lit/react names event props. */
const reactProp = (event: string) => `on${event.replace(/(^|-)([a-z])/g, (_, _dash, c: string) => c.toUpperCase())}`;

describe('the wrappers cover the element API of the manifest', () => {
  it('reads a manifest with the element in it', () => {
    expect(properties).toContain('endpoint');
    expect(events).toContain('berbix-complete');
    expect(methods).toEqual(expect.arrayContaining(['start', 'restart', 'stop']));
  });

  it('Vue: every property is a prop, every event an emit', () => {
    expect(Object.keys(VueBerbixCapture.props).sort()).toEqual([...properties].sort());
    expect(Object.keys(VueBerbixCapture.emits ?? {}).sort()).toEqual([...events].sort());
  });

  it('React: every event is an onBerbix* prop (properties come from the element class itself)', () => {
    expect(Object.values(BERBIX_CAPTURE_EVENTS).sort()).toEqual([...events].sort());
    expect(Object.keys(BERBIX_CAPTURE_EVENTS).sort()).toEqual(events.map(reactProp).sort());
  });

  it.each([
    ['packages/vue/README.md', (event: string) => event],
    ['packages/react/README.md', reactProp],
  ])('%s names every property, event and method', (readme, eventName) => {
    const text = read(readme);
    const missing = [
      ...properties.filter((name) => !text.includes(`\`${name}\``)),
      ...events.map(eventName).filter((name) => !text.includes(`\`${name}\``)),
      ...methods.filter((name) => !text.includes(`\`${name}()\``)),
    ];
    expect(missing).toEqual([]);
  });
});
