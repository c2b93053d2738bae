// Prints the README's configuration table from the services' config schemas (one source of truth).
import { describeConfig } from '@quell/platform-config';
import { changeCalendarConfigSchema } from '@quell/service-change-calendar';
import { correlatorConfigSchema } from '@quell/service-correlator';
import { deduperConfigSchema } from '@quell/service-deduper';
import { incidentManagerConfigSchema } from '@quell/service-incident-manager';
import { ingestConfigSchema } from '@quell/service-ingest';
import { normalizerConfigSchema } from '@quell/service-normalizer';
import { notifierConfigSchema } from '@quell/service-notifier';

const schemas = {
  ingest: ingestConfigSchema,
  normalizer: normalizerConfigSchema,
  correlator: correlatorConfigSchema,
  'change-calendar': changeCalendarConfigSchema,
  deduper: deduperConfigSchema,
  'incident-manager': incidentManagerConfigSchema,
  notifier: notifierConfigSchema,
};

const rows = new Map<string, { services: string[]; info: ReturnType<typeof describeConfig>[number] }>();
for (const [service, schema] of Object.entries(schemas)) {
  for (const info of describeConfig(schema)) {
    const row = rows.get(info.key) ?? { services: [], info };
    row.services.push(service);
    rows.set(info.key, row);
  }
}
const all = Object.keys(schemas).length;
console.log('| Variable | Services | Default | Description |');
console.log('|---|---|---|---|');
for (const [key, { services, info }] of rows) {
  const where = services.length === all ? 'all' : services.join(', ');
  const def = key === 'SERVICE_NAME' || key === 'HTTP_PORT' || key === 'KAFKA_CLIENT_ID' ? 'per service' : info.default === undefined ? (info.required ? '**required**' : '') : `\`${String(info.default)}\``;
  console.log(`| \`${key}\`${info.secret ? ' (secret)' : ''} | ${where} | ${def} | ${info.description ?? ''} |`);
}
