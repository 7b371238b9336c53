// The console is a static single-page app served by plugboard itself at /console (src/modules/console).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  // The SDK workspace from its sources: the console builds without building the SDK first.
  resolve: { alias: { '@plugboard/sdk': fileURLToPath(new URL('../sdk/src/index.ts', import.meta.url)) } },
  // Preact's automatic JSX runtime through Vite's own transformer: no framework plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
  },
  logLevel: 'warn',
});
