#!/usr/bin/env node
// The `quell` command. Runs the compiled CLI (dist/out-tsc, after `npm run build`, which resolves
// the path aliases) when it exists; otherwise, in a checkout with dev dependencies, compiles from
// source on the fly.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const outDir = path.join(root, 'dist', 'out-tsc');
const compiled = path.join(outDir, 'apps', 'cli', 'src', 'main.js');

if (existsSync(compiled)) {
  require(compiled);
} else {
  process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(path.join(root, 'apps', 'cli', 'src', 'main.ts'));
}
