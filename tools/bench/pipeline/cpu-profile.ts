// Reads a V8 .cpuprofile (node --cpu-prof) and says where the CPU went within a time window:
// the top functions by self time and each module's share. The window is in CLOCK_MONOTONIC
// microseconds, the clock of V8's profile timestamps and of process.hrtime in any process on the
// same machine, so the bench can cut the profile to the phase it drove.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from './bench-paths';
import { table } from './report';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled milliseconds in the window that were not idle. */
  busyMs: number;
  idleMs: number;
  functions: { name: string; where: string; module: string; selfMs: number }[];
  modules: { module: string; selfMs: number }[];
}

/** Now on CLOCK_MONOTONIC, in microseconds (the unit of a profile's timestamps). */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const IDLE = new Set(['(idle)']);

/** Which part of the system a frame belongs to: a lib or app of the repository, a package, node itself, or V8's own. */
export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const path = url.replace(/^file:\/\//, '');
  const nodeModules = path.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) {
    const parts = path.slice(nodeModules + 14).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const local = relative(REPO_ROOT, path).split('/');
  if (local[0] === 'libs') return local.slice(0, local[1] === 'platform' || local[1] === 'services' ? 3 : 2).join('/');
  if (local[0] === 'apps') return local.slice(0, 2).join('/');
  return local[0] ?? path;
}

/** Self time per function and per module for the samples between `from` and `to` (monotonic µs; all when absent). */
/** A span of CLOCK_MONOTONIC microseconds (see monotonicMicros). */
export interface ProfileWindow {
  from: number;
  to: number;
}

export function summarize(profile: CpuProfile, window?: ProfileWindow): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    if (window && (at < window.from || at > window.to)) continue;
    // A sample's time is the gap to the next one; the deltas are nearly even, so its own delta will do.
    const next = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i];
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + next / 1000);
  }
  const functions = new Map<string, { name: string; where: string; module: string; selfMs: number }>();
  let idleMs = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (IDLE.has(functionName)) {
      idleMs += ms;
      continue;
    }
    const file = url.startsWith('file://') || url.startsWith('/') ? relative(REPO_ROOT, url.replace(/^file:\/\//, '')).replace(/^(.*\/)?node_modules\//, '') : url;
    const where = file ? `${file}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, module: moduleOf(url, functionName), selfMs: 0 };
    entry.selfMs += ms;
    functions.set(key, entry);
  }
  const modules = new Map<string, number>();
  for (const f of functions.values()) modules.set(f.module, (modules.get(f.module) ?? 0) + f.selfMs);
  const busyMs = [...functions.values()].reduce((total, f) => total + f.selfMs, 0);
  return {
    busyMs,
    idleMs,
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs),
    modules: [...modules].map(([module, selfMs]) => ({ module, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** Every profile in `dir` (one per thread: the main thread and any worker threads). */
export function readProfiles(dir: string): { name: string; profile: CpuProfile }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => ({ name, profile: JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile }));
}

/** The report: top functions by self time and modules by share of the busy time. */
export function formatSummary(summary: ProfileSummary, top = 20): string {
  const pct = (ms: number) => `${((ms / summary.busyMs) * 100).toFixed(1)}%`;
  const functions = summary.functions.slice(0, top).map((f) => [f.name.slice(0, 48), f.where.slice(-70), f.module, summary.busyMs ? pct(f.selfMs) : '-', f.selfMs.toFixed(0)]);
  const modules = summary.modules.slice(0, top).map((m) => [m.module, pct(m.selfMs), m.selfMs.toFixed(0)]);
  return [
    `busy ${(summary.busyMs / 1000).toFixed(2)} s sampled, idle ${(summary.idleMs / 1000).toFixed(2)} s`,
    table(['function (self time)', 'where', 'module', 'share', 'ms'], functions),
    '',
    table(['module', 'share', 'ms'], modules),
  ].join('\n');
}
