import { describe, expect, it } from 'vitest';
import { loadOptionalPeer } from './optional-peer.js';

// A name no registry package uses, imported through a variable so no bundler or type checker resolves it.
const MISSING = 'berbix-capture-not-installed-peer';
const importMissing = () => import(/* @vite-ignore */ MISSING);

describe('optional peer dependencies', () => {
  it('names the missing package and the command that installs it', async () => {
    const failure = loadOptionalPeer(MISSING, 'sqliteStore', importMissing);
    await expect(failure).rejects.toThrow(
      `sqliteStore needs the "${MISSING}" package, an optional peer dependency of @berbix-capture/adapter: install it with \`npm install ${MISSING}\``,
    );
    // The original error stays reachable for whoever debugs the install.
    await expect(failure.catch((error: Error) => (error.cause as { code?: string }).code)).resolves.toMatch(
      /MODULE_NOT_FOUND/,
    );
  });

  it('passes on other failures unchanged, including a missing dependency of the driver itself', async () => {
    const broken = new Error('Could not locate the bindings file');
    await expect(loadOptionalPeer('better-sqlite3', 'sqliteStore', () => Promise.reject(broken))).rejects.toBe(broken);
    // The driver is there but needs a package that is not: that package is the one to name, not the driver.
    await expect(loadOptionalPeer('redis', 'redisStore', importMissing)).rejects.toMatchObject({
      message: expect.stringContaining(MISSING),
    });
    await expect(loadOptionalPeer('redis', 'redisStore', importMissing)).rejects.not.toThrow('optional peer');
  });

  it('loads a package that is installed', async () => {
    const { createClient } = await loadOptionalPeer('redis', 'redisStore', () => import('redis'));
    expect(typeof createClient).toBe('function');
  });
});
