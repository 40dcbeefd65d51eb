/**
 * The built-in languages, fetched one at a time. English is in the element's own code (every text
 * falls back to it); each other language is its own module, reached only through a literal
 * `import()` below, so the integrator's bundler (Vite, Rollup, webpack, esbuild) puts it in a chunk
 * of its own that the browser fetches only when a person gets that language.
 *
 * Literal paths, one per language, rather than `import(`./languages/${code}.js`)`: a template path
 * needs a bundler feature (Vite's dynamic-import-vars, webpack's contexts) that not every bundler
 * applies to a dependency's code, and a bundler that cannot follow it leaves a path that 404s.
 */
import type { Translation } from './languages/capture-strings.js';
import { en } from './languages/en.js';

type Loader = () => Promise<Translation>;

const LOADERS: Readonly<Record<string, Loader>> = {
  es: () => import('./languages/es.js').then((module) => module.es),
  fr: () => import('./languages/fr.js').then((module) => module.fr),
  de: () => import('./languages/de.js').then((module) => module.de),
  pt: () => import('./languages/pt.js').then((module) => module.pt),
  it: () => import('./languages/it.js').then((module) => module.it),
  nl: () => import('./languages/nl.js').then((module) => module.nl),
  pl: () => import('./languages/pl.js').then((module) => module.pl),
  ja: () => import('./languages/ja.js').then((module) => module.ja),
  zh: () => import('./languages/zh.js').then((module) => module.zh),
  ar: () => import('./languages/ar.js').then((module) => module.ar),
  hi: () => import('./languages/hi.js').then((module) => module.hi),
};

/** The built-in languages' codes, English first (the order of the `LANGUAGES` table). */
export const BUILT_IN_CODES: ReadonlyArray<string> = Object.freeze(['en', ...Object.keys(LOADERS)]);

export const isBuiltInCode = (code: string): boolean => code === 'en' || Object.hasOwn(LOADERS, code);

/** By code: the texts once fetched, `null` once the fetch failed (offline); absent before. */
const arrived = new Map<string, Translation | null>([['en', en]]);
const fetching = new Map<string, Promise<void>>();

/**
 * The built-in language `code`'s texts: a `Translation` when it is here, `null` when it could not
 * be fetched (the element then shows English), `undefined` while it is not here yet (or `code` is
 * not built in).
 */
export function arrivedLanguage(code: string): Translation | null | undefined {
  return arrived.get(code);
}

/**
 * Fetches the built-in language `code` once per page; settles when its texts are here or the fetch
 * failed, and never rejects: a language that cannot be fetched (offline, a chunk removed by a new
 * deployment) leaves English, with no error shown and nothing unhandled. A failed fetch is not
 * retried: browsers remember a module that failed to load, so a second `import()` fails alike.
 */
export function fetchLanguage(code: string): Promise<void> {
  const load = LOADERS[code];
  if (arrived.has(code) || load === undefined) return Promise.resolve();
  let pending = fetching.get(code);
  if (!pending) {
    pending = load().then(
      (texts) => void arrived.set(code, texts),
      () => void arrived.set(code, null),
    );
    fetching.set(code, pending);
  }
  return pending;
}
