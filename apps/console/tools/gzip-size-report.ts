import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** The budget the issue sets for the console's JavaScript, gzipped. */
const BUDGET_BYTES = 300 * 1024;

/** Prints the total gzipped JavaScript after a build and fails the build over the budget. */
export function gzipSizeReport(): Plugin {
  let outDir = '';
  return {
    name: 'quell-gzip-size-report',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const assets = join(outDir, 'assets');
      const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
      const gzipped = scripts.reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name)), { level: 9 }).length, 0);
      const kb = (gzipped / 1024).toFixed(1);
      console.log(`console JavaScript: ${scripts.length} file(s), ${kb} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
      if (gzipped > BUDGET_BYTES) throw new Error(`console JavaScript is ${kb} KB gzipped, over the ${BUDGET_BYTES / 1024} KB budget`);
    },
  };
}
