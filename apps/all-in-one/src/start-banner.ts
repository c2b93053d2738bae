import type { CatalogError } from '@quell/rules';
import type { DemoDecision } from './demo-replay';

export interface BannerFacts {
  url: string;
  /** Whether apps/console/dist is there to serve at `/`. */
  consoleBuilt?: boolean;
  /** The public demo key when it is the one in use. */
  demoKey?: string;
  dataDir: string;
  rules: { dir: string; loaded: number; errors: readonly CatalogError[] };
  syslog: { tcp?: number; udp?: number };
  demo: DemoDecision & { events?: number };
  /** Resource → service: what the one port serves. */
  routes: Record<string, string>;
}

/** Rule errors shown in the banner at most; the rest are counted (all of them: GET /v1/rules/errors). */
const MAX_ERRORS_SHOWN = 5;

/** The start-up banner: where to go, with which key, where the data lives, what loaded and what did not. */
export function bannerLines(facts: BannerFacts): string[] {
  const { rules } = facts;
  const syslog = [facts.syslog.tcp !== undefined && `TCP ${facts.syslog.tcp}`, facts.syslog.udp !== undefined && `UDP ${facts.syslog.udp}`].filter(Boolean);
  const lines = [
    `Quell all-in-one is running on ${facts.url}`,
    facts.consoleBuilt === false
      ? '  console     not built (`npm run build:console`, or `npm start` builds it)'
      : `  console     ${facts.url}/  (sign in with ${facts.demoKey ? 'the demo key below' : 'an incidents API key'})`,
    `  API         ${facts.url}/v1/… (${Object.keys(facts.routes).join(', ')}); documents at ${facts.url}/openapi.json`,
    `  health      ${facts.url}/health/ready   metrics ${facts.url}/metrics   dead letters ${facts.url}/v1/dead-letters`,
    `  queries     ${facts.url}/v1/queries (saved investigations; \`quell query\`)`,
    facts.demoKey ? `  demo key    ${facts.demoKey}  (Authorization: Bearer ${facts.demoKey}; set INGEST_API_KEYS to use your own)` : '  keys        INGEST_API_KEYS / INCIDENTS_API_KEYS as configured',
    `  data        ${facts.dataDir}`,
    `  rules       ${rules.loaded} loaded from ${rules.dir}, ${rules.errors.length} error${rules.errors.length === 1 ? '' : 's'}`,
    ...rules.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => `                ${e.file}:${e.line}: ${e.reason}`),
    ...(rules.errors.length > MAX_ERRORS_SHOWN ? [`                … and ${rules.errors.length - MAX_ERRORS_SHOWN} more`] : []),
    syslog.length > 0 ? `  syslog      ${syslog.join(', ')}` : '  syslog      off (INGEST_SYSLOG_TCP_PORT / INGEST_SYSLOG_UDP_PORT)',
    `  demo        ${demoLine(facts.demo)}`,
  ];
  return lines;
}

function demoLine(demo: BannerFacts['demo']): string {
  if (demo.replay) return `${demo.events ?? 0} sample events replayed (${demo.reason}); \`npm start -- --demo\` replays them again`;
  if (demo.reason === 'off') return 'off (QUELL_DEMO=0)';
  return 'sample events already in this data directory; `npm start -- --demo` replays them again';
}
