import { parseArgs } from 'node:util';
import { fetchFailure } from './fetch-failure';
import { schemasRegister, type SchemasIo } from './schemas-register';

export const SCHEMAS_USAGE = `usage: quell schemas register --registry <url> [--dry-run] [--json]
  Registers every released Quell schema version (libs/contracts/schemas/history) in a Confluent Schema Registry
  under its subject (quell.<Name>) and the fixed id Quell writes in each record (schemas/schema-ids.json), using
  IMPORT mode on each subject and restoring its mode afterwards. Versions already registered with the same schema
  are skipped, so it can run after every upgrade. Basic auth: https://user:password@host:8081.
  --dry-run  only says what it would register
  --json     one document: {"dryRun","registered","alreadyRegistered","conflicts","versions":[{"subject","version","id","outcome"}]}
  exit codes: 0 done, 2 an id already holds another schema (that subject is left as it was), 1 usage error or registry unreachable`;

/** Runs `quell schemas <sub> …`; returns the exit code. */
export async function runSchemasCommand(args: string[], io: SchemasIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(SCHEMAS_USAGE);
    return 0;
  }
  let registry: string | undefined;
  let dryRun = false;
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { registry: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
    if (sub !== 'register') return usage(io, sub ? `unknown schemas command "${sub}"` : 'a schemas command is required');
    if (positionals.length > 0) return usage(io, `unexpected argument "${positionals[0]}"`);
    registry = values.registry;
    dryRun = values['dry-run'] ?? false;
    json = values.json ?? false;
    if (!registry) return usage(io, 'schemas register needs --registry <url>');
    if (!/^https?:$/.test(new URL(registry).protocol)) return usage(io, `--registry must be an http(s) URL, not ${registry}`);
  } catch (error) {
    return usage(io, (error as Error).message);
  }
  try {
    return await schemasRegister(registry, { dryRun, json }, io);
  } catch (error) {
    io.err(`quell: schema registry ${new URL(registry).host}: ${fetchFailure(error)}`);
    return 1;
  }
}

function usage(io: SchemasIo, message: string): number {
  io.err(`quell: ${message}`);
  io.err(SCHEMAS_USAGE);
  return 1;
}
