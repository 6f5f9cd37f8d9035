// The console (/console) and the customer's proof page (/proof), built into dist/web and served by
// the Nest app. Preact's JSX through Vite's own transform; everything bundled, nothing fetched from
// elsewhere at run time.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: { console: here('console/index.html'), proof: here('proof/index.html') },
    },
  },
});
