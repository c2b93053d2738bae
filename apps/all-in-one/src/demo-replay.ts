import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Why the sample stream is (not) replayed at this start. */
export type DemoDecision = { replay: true; reason: 'asked' | 'first start' } | { replay: false; reason: 'off' | 'already replayed' };

/**
 * The sample stream goes into the history once per data directory: a marker next to the embedded
 * engine's directory records it (replaying on every start doubled the history). `--demo` replays
 * anyway; QUELL_DEMO=0 never does.
 */
export function demoDecision(options: { marker: string; asked: boolean; env: Record<string, string | undefined> }): DemoDecision {
  if (options.asked) return { replay: true, reason: 'asked' };
  if (options.env['QUELL_DEMO'] === '0') return { replay: false, reason: 'off' };
  return existsSync(options.marker) ? { replay: false, reason: 'already replayed' } : { replay: true, reason: 'first start' };
}

/** `.quell-data/clickhouse.demo-replayed` for `.quell-data/clickhouse`: beside the engine's files, not among them. */
export function demoMarkerOf(dataDir: string): string {
  return `${resolve(dataDir)}.demo-replayed`;
}

/** Written once the stream is handed to the bus (the in-process bus then owns its delivery). */
export function markDemoReplayed(marker: string, detail: { file: string; events: number; at: number }): void {
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, `${JSON.stringify({ ...detail, at: new Date(detail.at).toISOString() })}\n`);
}
