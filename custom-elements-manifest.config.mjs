// `npm run manifest`: custom-elements.json from the elements' JSDoc (@tag, @summary, @event,
// @csspart, @cssprop, @slot) and their Lit properties, for editors and the docs page.
export default {
  globs: ['src/elements/**/*.ts'],
  exclude: ['src/elements/**/*.styles.ts'],
  outdir: '.',
  // package.json names custom-elements.json itself; a run with another --outdir (the manifest test) must not rewrite it.
  packagejson: false,
  litelement: true,
  plugins: [
    {
      name: 'jodo-named-events-only',
      // `dispatchEvent(new JodoXEvent(...))` reads as an event without a name; the JSDoc @event lines name them.
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          }
        }
      },
    },
  ],
};
