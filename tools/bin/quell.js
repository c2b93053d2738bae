#!/usr/bin/env node
// The `quell` command. Runs the compiled CLI (dist/out-tsc, after `npm run build`, which resolves
// the path aliases) when that build is of the current sources (its stamp, tools/bootstrap/
// build-stamp.mjs) or when it is all there is; otherwise, in a checkout with dev dependencies,
// compiles from source on the fly, so an edit is never run stale.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const outDir = path.join(root, 'dist', 'out-tsc');
const compiled = path.join(outDir, 'apps', 'cli', 'src', 'main.js');

function canCompile() {
  try {
    require.resolve('@swc-node/register');
    return existsSync(path.join(root, 'apps', 'cli', 'src', 'main.ts'));
  } catch {
    return false;
  }
}

function compiledIsCurrent() {
  const { buildIsCurrent, inputsStamp } = require(path.join(root, 'tools', 'bootstrap', 'build-stamp.mjs'));
  return buildIsCurrent(outDir, inputsStamp(root), compiled);
}

if (existsSync(compiled) && (!canCompile() || compiledIsCurrent())) {
  require(compiled);
} else {
  process.env.SWC_NODE_PROJECT ??= path.join(root, 'tsconfig.json');
  require('@swc-node/register');
  require(path.join(root, 'apps', 'cli', 'src', 'main.ts'));
}
