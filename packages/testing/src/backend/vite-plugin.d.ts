import type { Plugin } from 'vite';

/** Mounts the real adapter and sandbox (./backend.ts, in their own Node process) on the Vitest browser server. */
export declare function berbixTestBackend(): Plugin;
