import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadMappingPipelines } from './mapping-pipeline-loader';
import type { MappingPipelines } from './mapping-pipeline';

/**
 * The folder of the pipelines Quell ships (libs/rules/pipelines). From source it is ../../pipelines;
 * the compiled tree (dist/out-tsc/libs/rules/src/sigma) has no copy, so the repository it was
 * built in is found by going up, whatever the working directory.
 */
export const SHIPPED_PIPELINES_DIR = findShippedDir(__dirname) ?? join(__dirname, '..', '..', 'pipelines');

function findShippedDir(from: string): string | undefined {
  const own = join(from, '..', '..', 'pipelines');
  if (existsSync(own)) return own;
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'libs', 'rules', 'pipelines');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

let active: MappingPipelines | undefined;

/**
 * The pipelines rules see events through: the shipped ones, read on first use, unless
 * useMappingPipelineDirs chose others. Routing and field resolution default to these, so every
 * caller (correlator, `quell rules test`, backtest) sees an event the same way.
 */
export function activeMappingPipelines(): MappingPipelines {
  return (active ??= loadMappingPipelines([SHIPPED_PIPELINES_DIR]));
}

/**
 * Loads the user's pipeline folders before the shipped one (a user source with the same conditions
 * takes over) and makes them the active set; call it at boot, before rules run. Throws
 * MappingPipelineError naming the file and key at fault, leaving the active set unchanged.
 */
export function useMappingPipelineDirs(extraDirs: readonly string[]): MappingPipelines {
  active = loadMappingPipelines([...extraDirs, SHIPPED_PIPELINES_DIR]);
  return active;
}
