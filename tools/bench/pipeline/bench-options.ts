import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BenchOptions {
  quick: boolean;
  /** Seconds of each sustained or paced phase (the sustained phase's event count comes from a probe's rate). */
  seconds: number;
  /** Fixed event count of the sustained phases, instead of `seconds` at the probed rate. */
  events?: number;
  probeEvents: number;
  clients: number;
  batchSize: number;
  /** The main rule count; the rule-count figures use it doubled, 10 and 1,000. */
  rules: number;
  idleMs: number;
  modes: { allInOne: boolean; distributed: boolean };
  logLevel: string;
  workDir: string;
  /** Profile the all-in-one's sustained phase (node --cpu-prof) instead of the whole bench. */
  profile: boolean;
  /** In the profiled phase, one event in this many raises an alert (--profile=N; 100 by default). */
  profileAlertEvery: number;
  /** Extra environment of the all-in-one and of each distributed stage (--env=KEY=VALUE,KEY=VALUE), e.g. NORMALIZER_WORKERS=1. */
  childEnv: Record<string, string>;
  /** Distributed processes run under node --cpu-prof, profiled over the sustained phase (--profile-stages=a,b). */
  profileStages: string[];
}

const USAGE = `usage: npm run bench -- [--quick] [--seconds=N] [--events=N] [--clients=N] [--batch=N] [--rules=N] [--only=all-in-one|distributed] [--log-level=info] [--env=K=V,...] [--profile[=N]] [--profile-stages=NAME,...]
  --quick        short phases (about 3 minutes in all); the full run takes about 10-15 minutes on 2 cores
  --seconds=N    seconds per measured phase (full: 30, quick: 4)
  --events=N     fixed events per sustained phase (default: the probed rate times --seconds)
  --clients=N    concurrent HTTP clients / producers (default 4)
  --batch=N      events per request (default 1000)
  --rules=N      SigmaHQ rules of the main figures (default 100); also run: 2N, 10 and 1000
  --only=MODE    run one mode
  --env=K=V,...  extra environment of the all-in-one process, and of every distributed stage (e.g. --env=NORMALIZER_WORKERS=1)
  --profile[=N]  only the all-in-one's sustained phase under node --cpu-prof: top functions by self time and modules by share,
                 CPU by thread; one event in N raises an alert (default 100: 1%)
  --profile-stages=NAME,...  these distributed processes under node --cpu-prof, each profile cut to the sustained phase
                 and summarised as --profile does (e.g. --profile-stages=incident-manager,history-writer)
Environment: KAFKA_BROKERS and REDIS_URL use those servers for the distributed mode instead of starting a broker and Redis.`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}\n${USAGE}`);
    flags.set(match[1], match[2] ?? 'true');
  }
  const known = ['quick', 'seconds', 'events', 'clients', 'batch', 'rules', 'only', 'log-level', 'env', 'profile', 'profile-stages', 'help'];
  const unknown = [...flags.keys()].filter((key) => !known.includes(key));
  if (unknown.length > 0 || flags.has('help')) throw new Error(`${unknown.length ? `unknown flag --${unknown[0]}\n` : ''}${USAGE}`);
  const optional = (key: string, min: number): number | undefined => {
    const text = flags.get(key);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${key} must be an integer of at least ${min}, got ${JSON.stringify(text)}`);
    return value;
  };
  const number = (key: string, fallback: number, min: number): number => optional(key, min) ?? fallback;
  const quick = flags.has('quick');
  const only = flags.get('only');
  if (only !== undefined && only !== 'all-in-one' && only !== 'distributed') throw new Error(`--only must be all-in-one or distributed, got ${JSON.stringify(only)}`);
  if (flags.has('profile-stages') && only === 'all-in-one') throw new Error('--profile-stages profiles distributed processes: not with --only=all-in-one (--profile profiles the all-in-one)');
  return {
    quick,
    seconds: number('seconds', quick ? 4 : 30, 1),
    events: optional('events', 100),
    probeEvents: quick ? 1500 : 5000,
    clients: number('clients', 4, 1),
    batchSize: number('batch', 1000, 1),
    rules: number('rules', 100, 10),
    idleMs: quick ? 10_000 : 20_000,
    modes: { allInOne: only !== 'distributed', distributed: only !== 'all-in-one' },
    logLevel: flags.get('log-level') ?? 'info',
    workDir: mkdtempSync(join(tmpdir(), 'quell-bench-')),
    profile: flags.has('profile'),
    profileAlertEvery: flags.get('profile') === 'true' ? 100 : number('profile', 100, 1),
    childEnv: childEnv(flags.get('env')),
    profileStages: (flags.get('profile-stages') ?? '').split(',').filter(Boolean),
  };
}

function childEnv(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new Error(`--env takes KEY=VALUE pairs separated by commas, got ${JSON.stringify(pair)}`);
    env[match[1]] = match[2];
  }
  return env;
}
