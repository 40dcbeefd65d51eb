import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningRedis, startRedisServer } from '@berbix-capture/testing/redis-server';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdapterError } from './errors.js';
import { redisStore } from './redis-store.js';
import { sqliteStore } from './sqlite-store.js';
import {
  type BuiltInStore,
  memoryStore,
  Refusal,
  type SessionRecord,
  storeFromUpdate,
  type Transition,
} from './store.js';
import { takeLease } from './transitions.js';

type SessionStoreLike = Pick<BuiltInStore, 'get' | 'set' | 'delete' | 'transition'>;

function record(id: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return {
    id,
    tokens: 'v1.sealed',
    customer: 'fingerprint',
    transactionId: '9007199254741993',
    step: 'upload_document_front',
    attempts: 0,
    idType: 'DL',
    createdAt: now,
    expiresAt: now + 60_000,
    lease: null,
    result: null,
    completion: 'pending',
    holder: 'device',
    handoff: null,
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let redis: RunningRedis;
const dir = mkdtempSync(join(tmpdir(), 'adapter-store-'));
const opened: BuiltInStore[] = [];
const track = (store: BuiltInStore) => {
  opened.push(store);
  return store;
};

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const store of opened) await store.close?.();
  await redis?.stop();
});

/** Each store, and a second handle on the same data (another connection / another instance). */
const kinds: Array<[string, () => [BuiltInStore, BuiltInStore]]> = [
  [
    'memory',
    () => {
      const store = memoryStore();
      return [store, store];
    },
  ],
  [
    'sqlite',
    () => {
      const path = join(dir, `s-${Math.random().toString(36).slice(2)}.db`);
      return [track(sqliteStore({ path })), track(sqliteStore({ path }))];
    },
  ],
  [
    'redis',
    () => {
      const prefix = `t-${Math.random().toString(36).slice(2)}:`;
      return [track(redisStore({ url: redis.url, prefix })), track(redisStore({ url: redis.url, prefix }))];
    },
  ],
];

describe.each(kinds)('%s store', (_name, make) => {
  it('gets what was set, forgets on delete and after the TTL', async () => {
    const [store] = make();
    await store.set(record('a'), 60_000);
    expect(await store.get('a')).toEqual(record('a', { createdAt: expect.any(Number), expiresAt: expect.any(Number) }));
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    await store.set(record('b'), 50);
    await sleep(120);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('never-set')).toBeUndefined();
  });

  it('keeps a hand-off (its code fingerprint, state and the two devices) exactly', async () => {
    const [one, two] = make();
    const handoff = { codeTag: 'tag', state: 'claimed' as const, expiresAt: Date.now() + 600_000, from: 'desktop' };
    await one.set(record('h', { holder: 'phone', handoff }), 60_000);
    expect(await two.get('h')).toMatchObject({ holder: 'phone', handoff });
  });

  it('updates atomically: 40 concurrent increments from two handles all land', async () => {
    const [one, two] = make();
    await one.set(record('c'), 60_000);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? one : two).update('c', (current) =>
          current ? { ...current, attempts: current.attempts + 1 } : undefined,
        ),
      ),
    );
    expect((await one.get('c'))?.attempts).toBe(40);
  });

  it('lets exactly one of many concurrent claimers win', async () => {
    const [one, two] = make();
    await one.set(record('d'), 60_000);
    const winners = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const owner = `owner-${i}`;
        return (i % 2 ? one : two)
          .update('d', (current) =>
            current && current.lease === null ? { ...current, lease: { owner, until: Date.now() + 1000 } } : undefined,
          )
          .then((after) => after?.lease?.owner === owner);
      }),
    );
    expect(winners.filter(Boolean)).toHaveLength(1);
  });

  it('leaves the record alone when the updater declines, and rethrows what it throws', async () => {
    const [store] = make();
    await store.set(record('e', { attempts: 3 }), 60_000);
    expect((await store.update('e', () => undefined))?.attempts).toBe(3);
    await expect(
      store.update('e', () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await store.get('e'))?.attempts).toBe(3);
    expect(await store.update('missing', (current) => current)).toBeUndefined();
  });
});

/** A transition that counts one attempt, or refuses at `limit` (a test's own, as pure as the adapter's). */
const countAttempt: Transition<{ limit: number }> = (current, input) =>
  current.attempts >= input.limit
    ? new Refusal(new AdapterError(409, 'wrong_step', 'enough'))
    : { ...current, attempts: current.attempts + 1 };

describe.each([
  ...kinds,
  // A store written for the deprecated update-only interface, adapted by the adapter.
  [
    'update-only (deprecated)',
    () => {
      const inner = memoryStore();
      const legacy = storeFromUpdate({
        get: (id) => inner.get(id),
        set: (r, ttl) => inner.set(r, ttl),
        delete: (id) => inner.delete(id),
        update: (id, updater) => inner.update(id, updater),
      });
      return [legacy, legacy];
    },
  ] as [string, () => [SessionStoreLike, SessionStoreLike]],
])('%s store: transition', (_name, make) => {
  it('applies 40 concurrent transitions from two handles, each exactly once', async () => {
    const [one, two] = make();
    await one.set(record('t'), 60_000);
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).transition('t', countAttempt, { limit: 100 })),
    );
    expect((await one.get('t'))?.attempts).toBe(40);
    // Each caller hears the record as its own transition left it: the counts 1..40, once each.
    const seen = outcomes.map((o) => (o && !(o instanceof Refusal) ? o.attempts : -1)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('lets exactly one of 20 concurrent lease takers win; the others hear the refusal (429)', async () => {
    const [one, two] = make();
    await one.set(record('l'), 60_000);
    const purpose = { for: 'image' as const, device: 'device', step: 'upload_document_front' as const };
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? one : two).transition('l', takeLease, { owner: `owner-${i}`, leaseMs: 1000, purpose }),
      ),
    );
    const winners = outcomes.filter((o) => o && !(o instanceof Refusal));
    expect(winners).toHaveLength(1);
    const refusals = outcomes.filter((o): o is Refusal => o instanceof Refusal);
    expect(refusals).toHaveLength(19);
    expect(refusals.every((r) => r.error.status === 429)).toBe(true);
    expect((await two.get('l'))?.lease?.owner).toBe((winners[0] as SessionRecord).lease?.owner);
  });

  it('writes nothing on a refusal or an unchanged record, answers undefined for no record, rethrows a throw', async () => {
    const [store] = make();
    await store.set(record('n', { attempts: 3 }), 60_000);
    const refused = await store.transition('n', countAttempt, { limit: 3 });
    expect(refused).toBeInstanceOf(Refusal);
    expect((refused as Refusal).error.code).toBe('wrong_step');
    expect(await store.transition('n', (current) => current, null)).toMatchObject({ id: 'n', attempts: 3 });
    expect(await store.transition('missing', countAttempt, { limit: 9 })).toBeUndefined();
    expect(await store.get('missing')).toBeUndefined();
    await expect(
      store.transition(
        'n',
        () => {
          throw new Error('broken transition');
        },
        null,
      ),
    ).rejects.toThrow('broken transition');
    expect((await store.get('n'))?.attempts).toBe(3);
  });

  it('keeps the TTL following expiresAt after a transition', async () => {
    const [store] = make();
    await store.set(record('x', { expiresAt: Date.now() + 150 }), 60_000);
    expect(await store.transition('x', countAttempt, { limit: 9 })).toMatchObject({ attempts: 1 });
    await sleep(300);
    expect(await store.get('x')).toBeUndefined();
  });
});

describe('sqlite store on disk', () => {
  it('survives closing and reopening the file', async () => {
    const path = join(dir, 'restart.db');
    const first = sqliteStore({ path });
    await first.set(record('r', { step: 'upload_document_back' }), 60_000);
    await first.close?.();
    const second = track(sqliteStore({ path }));
    expect((await second.get('r'))?.step).toBe('upload_document_back');
  });

  it('refuses bad configuration', () => {
    expect(() => sqliteStore({} as never)).toThrow(TypeError);
    expect(() => sqliteStore({ path: join(dir, 'x.db'), table: 'x; DROP TABLE y' })).toThrow(TypeError);
  });
});

describe('redis store', () => {
  it('ignores foreign or corrupt values under its prefix instead of handing them out', async () => {
    const raw = createClient({ url: redis.url });
    await raw.connect();
    await raw.set('corrupt:x', 'not json');
    await raw.set('corrupt:y', JSON.stringify({ id: 'y', step: 'nowhere' }));
    await raw.close();
    const store = track(redisStore({ url: redis.url, prefix: 'corrupt:' }));
    expect(await store.get('x')).toBeUndefined();
    expect(await store.get('y')).toBeUndefined();
  });

  it('uses a node-redis client the caller manages, and leaves it open on close', async () => {
    const own = createClient({ url: redis.url });
    const store = redisStore({ client: own, prefix: 'own-client:' });
    await store.set(record('c'), 60_000);
    expect((await store.get('c'))?.id).toBe('c');
    await store.close?.();
    expect(own.isOpen).toBe(true);
    expect(await own.get('own-client:c')).toContain('"id":"c"');
    await own.close();
  });

  it('fails clearly when Redis is unreachable, and refuses bad configuration', async () => {
    expect(() => redisStore({} as never)).toThrow(TypeError);
    const store = redisStore({ url: 'redis://127.0.0.1:1' });
    await expect(Promise.race([store.get('x'), sleep(3000).then(() => 'hung')])).rejects.toThrow();
    await store.close?.().catch(() => undefined);
  });
});

describe('stored records', () => {
  it('reads a record written before hand-off existed as driven by any device, with no hand-off', async () => {
    const { parseRecord } = await import('./record.js');
    const { holder: _holder, handoff: _handoff, ...legacy } = record('old');
    expect(parseRecord(JSON.stringify(legacy))).toMatchObject({ id: 'old', holder: null, handoff: null });
    // A malformed hand-off is not half a session: the whole record is refused.
    expect(parseRecord(JSON.stringify({ ...legacy, handoff: { state: 'claimed' } }))).toBeUndefined();
  });

  it('reads exactly what the record schema says: each field checked, foreign fields dropped', async () => {
    const { parseRecord } = await import('./record.js');
    const full = record('r', {
      lease: { owner: 'o', until: 5 },
      handoff: { codeTag: 't', state: 'offered', expiresAt: 9, from: 'd' },
    });
    expect(parseRecord(JSON.stringify({ ...full, planted: 'x' }))).toEqual(full);
    for (const broken of [
      { step: 'upload_somewhere' },
      { idType: 'XX' },
      { completion: 'maybe' },
      { lease: { owner: 'o' } },
      { attempts: '1' },
      { transactionId: 12345 },
    ]) {
      expect(parseRecord(JSON.stringify({ ...full, ...broken })), JSON.stringify(broken)).toBeUndefined();
    }
    expect(parseRecord('[]')).toBeUndefined();
    expect(parseRecord('not json')).toBeUndefined();
  });
});
