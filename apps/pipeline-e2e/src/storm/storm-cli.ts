// `npm run storm [-- --replay] [--scale=N] [--seed=N]`: the alert-storm scenario for a user. Runs the
// seven services in this process over the broker and Redis of KAFKA_BROKERS / REDIS_URL (or ones it
// starts, as the benchmarks do), ships the storm, waits for the pipeline to drain and prints the
// funnel, the incidents and the notifications; --replay ships the same records again and prints the
// funnel once more.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { latestIncidents, decodedAlerts } from './storm-funnel';
import { firewallFreezeDraft, maintenanceDraft } from './maintenance';
import { STORM_START, STORM_SEED, stormRecords } from './stream';
import { stormOutcome } from './storm-outcome';
import { StormPipeline } from './storm-pipeline';

type StartInfrastructure = (o: { env: Record<string, string | undefined> }) => Promise<{ env: { KAFKA_BROKERS: string; REDIS_URL: string }; stop: () => Promise<void> }>;
// tools/infra is plain-Node ESM; a literal import() would be rewritten to require() by the TypeScript transform.
const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<{ startInfrastructure: StartInfrastructure }>;

function option(name: string, fallback: number): number {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${given}`);
  return value;
}

async function main(): Promise<void> {
  const scale = option('scale', 1);
  const seed = option('seed', STORM_SEED);
  const { startInfrastructure } = await importEsm(pathToFileURL(join(__dirname, '../../../../tools/infra/start-infra.mjs')).href);
  const infra = await startInfrastructure({ env: { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], REDIS_URL: process.env['REDIS_URL'] } });
  const storm = new StormPipeline(infra.env.KAFKA_BROKERS.split(','), infra.env.REDIS_URL);
  try {
    const records = stormRecords({ seed, scale });
    console.error(`storm: ${records.length} records, seed ${seed}; starting the seven services`);
    await storm.start();
    await storm.approvedChange(maintenanceDraft(STORM_START));
    await storm.approvedChange(firewallFreezeDraft(STORM_START));
    await storm.drained(60_000);
    const started = Date.now();
    await storm.ship(records);
    await storm.drained(30 * 60_000);
    console.log(JSON.stringify({ run: 'first', seconds: (Date.now() - started) / 1000, ...(await storm.funnel()) }));
    console.log(JSON.stringify(stormOutcome(latestIncidents(storm.incidents), storm.webhook.calls, decodedAlerts(storm.screened), decodedAlerts(storm.unique))));
    if (process.argv.includes('--replay')) {
      await storm.ship(records);
      await storm.drained(30 * 60_000);
      console.log(JSON.stringify({ run: 'replay', ...(await storm.funnel()) }));
    }
  } finally {
    await storm.stop();
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
