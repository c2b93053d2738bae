import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { gzipSizeReport } from './tools/gzip-size-report.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The SOC console: static files the all-in-one (or the incident-manager) serves at `/`. */
export default defineConfig({
  root,
  // Relative asset URLs: the same build works at `/`, `/console` or behind any prefix.
  base: './',
  // Vite 8 transforms with Oxc (its `esbuild` option is deprecated): Preact's automatic JSX runtime, no React plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  plugins: [gzipSizeReport()],
  server: { proxy: { '/v1': process.env['QUELL_API'] ?? 'http://localhost:8080' } },
});
