// Probe: what one log line costs, as Quell's logger writes it (createLogger: secrets redacted by key
// name) beside pino with the path redaction it used until 6 December 2026 (each default key as
// `key`, `*.key` and `*.*.key`) and beside pino with no redaction. The line is the notifier's
// `notification sent` (one per delivery), written to a sink that keeps nothing. Rounds alternate;
// CPU µs per line. Not a test: it prints.
//
//   SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/bench/log-line.ts [lines] [rounds]
import pino from 'pino';
import { createLogger, DEFAULT_REDACT_KEYS, REDACTED } from '@quell/platform-observability';

const LINES = Number(process.argv[2] ?? 50_000);
const ROUNDS = Number(process.argv[3] ?? 3);
const sink: pino.DestinationStream = { write: () => undefined };
const common: pino.LoggerOptions = {
  level: 'info',
  base: { service: 'notifier' },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  mixin: () => ({}),
};

function formerPaths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => {
    const access = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return [access.startsWith('.') ? key : access, `*${access}`, `*.*${access}`];
  });
}

const loggers: [string, pino.Logger][] = [
  ['createLogger', createLogger({ service: 'notifier', level: 'info', destination: sink })],
  ['pino, path redaction (was)', pino({ ...common, redact: { paths: formerPaths(DEFAULT_REDACT_KEYS), censor: REDACTED } }, sink)],
  ['pino, no redaction', pino(common, sink)],
];

for (let round = 1; round <= ROUNDS; round += 1) {
  console.log(`round ${round}: ${LINES} lines`);
  for (const [name, logger] of loggers) {
    const before = process.cpuUsage();
    for (let i = 0; i < LINES; i += 1) {
      logger.info({ incidentId: 'd0efc78b5e61efaa8292ebf1146643d9', transition: 'opened', channel: 'webhook', status: 'sent', attempt: 1 }, 'notification sent');
    }
    const cpu = process.cpuUsage(before);
    console.log(`${name.padEnd(28)} ${((cpu.user + cpu.system) / LINES).toFixed(2).padStart(6)} µs CPU per line`);
  }
}
