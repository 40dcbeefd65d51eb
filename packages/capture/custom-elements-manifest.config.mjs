/**
 * `cem analyze --litelement` configuration: the element's public source only (no tests, workers or
 * decoder internals), cleaned so the manifest lists the public API and nothing else.
 */

/** Drops what the analyser picks up but is not API: internal state, and dispatches it mis-reads as events. */
function publicApiOnly() {
  return {
    name: 'berbix-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        module.declarations = (module.declarations ?? []).filter((d) => d.kind === 'class' || d.kind === 'function');
        for (const declaration of module.declarations) {
          const hidden = new Set(
            (declaration.members ?? [])
              .filter((m) => m.privacy === 'private' || m.privacy === 'protected')
              .map((m) => m.name),
          );
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((a) => !hidden.has(a.fieldName));
          }
          if (declaration.events) {
            declaration.events = declaration.events.filter((e) => e.name?.startsWith('berbix-'));
          }
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (m) => m.privacy !== 'private' && m.privacy !== 'protected',
            );
          }
        }
      }
    },
  };
}

export default {
  litelement: true,
  globs: ['src/berbix-capture.ts', 'src/define.ts', 'src/events.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  plugins: [publicApiOnly()],
};
