import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadMappingPipelines } from './mapping-pipeline-loader';
import type { MappingPipelines } from './mapping-pipeline';

/**
 * The folder of the pipelines Quell ships (libs/rules/pipelines). From source it is ../../pipelines;
 * a build copies the folder beside the compiled lib, so the same relative path holds there.
 */
export const SHIPPED_PIPELINES_DIR =
  [join(__dirname, '..', '..', 'pipelines'), join(process.cwd(), 'libs/rules/pipelines')].find((dir) => existsSync(dir)) ??
  join(__dirname, '..', '..', 'pipelines');

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
