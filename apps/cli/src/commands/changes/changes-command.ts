import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Change } from '@quell/contracts';
import type { Output } from '../../normalize-command';
import { apiKeyOf, DEFAULT_SERVER_URL, readInput, UnreadableInput, urlOf, UsageError, type Values } from '../api-options';
import { ApiRefusal, ApiUnavailable, ChangeCalendarClient } from './change-calendar.client';
import { DraftInputError, draftFrom, type DraftFlags } from './change-draft-input';
import { changeLines, LIST_HEADER, listRow, tableLines, VERSIONS_HEADER, versionRow } from './change-text';

export const CHANGES_USAGE = `usage: quell changes add [--file change.json|yaml] [--title T] [--ticket REF] [--kind normal|standard|emergency|freeze]
                         [--owner O] [--host H]… [--ip IP|CIDR]… [--service S]… [--tag T]… [--event-class C]… [--action A]… [--rule R]…
                         [--start TIME (--end TIME | --duration MIN)] [--time-zone ZONE] [--rrule RULE] [--exdate TIME]…
       quell changes list [--status S] [--from TIME] [--to TIME] [--host H | --ip IP | --service S | --tag T] [--ticket REF] [--limit N]
       quell changes show <id> [--versions]
       quell changes approve <id> [--comment C]     quell changes reject <id> [--comment C]
       quell changes import <file> --format servicenow-csv|servicenow-json|jira-csv|jira-json [--time-zone ZONE] [--dry-run]
  Talks to the change-calendar API. Every subcommand takes:
  --url URL            the all-in-one or the change calendar (default: $QUELL_URL, else ${DEFAULT_SERVER_URL})
  --api-key-file F     a file holding the API key, or - for standard input (default: $QUELL_API_KEY); never printed
  --json               one JSON document (the API's answer) instead of text
  add: flags replace the file's fields (the file is the API's body); a TIME without an offset
       ("2026-03-02 01:00") is read in --time-zone (default UTC). approve, reject and import need an admin key.
  exit codes: 0 done, 2 the server refused (the reason on one line) or an import had rows it could not read,
              1 usage error, server unreachable or failing`;

const COMMON = { url: { type: 'string' }, 'api-key-file': { type: 'string' }, json: { type: 'boolean' } } as const;
const many = { type: 'string', multiple: true } as const;
const OPTIONS = {
  add: {
    file: { type: 'string' }, title: { type: 'string' }, ticket: { type: 'string' }, kind: { type: 'string' }, owner: { type: 'string' },
    host: many, ip: many, service: many, tag: many, 'event-class': many, action: many, rule: many,
    start: { type: 'string' }, end: { type: 'string' }, duration: { type: 'string' }, 'time-zone': { type: 'string' }, rrule: { type: 'string' }, exdate: many,
  },
  list: {
    status: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, host: { type: 'string' }, ip: { type: 'string' },
    service: { type: 'string' }, tag: { type: 'string' }, ticket: { type: 'string' }, limit: { type: 'string' },
  },
  show: { versions: { type: 'boolean' } },
  approve: { comment: { type: 'string' } },
  reject: { comment: { type: 'string' } },
  import: { format: { type: 'string' }, 'time-zone': { type: 'string' }, 'dry-run': { type: 'boolean' } },
} satisfies Record<string, ParseArgsConfig['options']>;
type Sub = keyof typeof OPTIONS;

const IMPORT_FORMATS = ['servicenow-csv', 'servicenow-json', 'jira-csv', 'jira-json'] as const;

export interface ChangesIo extends Output {
  /** Reads a file, or standard input for `-`. */
  read(path: string): Promise<string>;
  env?: Record<string, string | undefined>;
}

/** Runs `quell changes <sub> …`; returns the exit code. */
export async function runChangesCommand(args: string[], io: ChangesIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(CHANGES_USAGE);
    return 0;
  }
  try {
    if (!sub || !Object.hasOwn(OPTIONS, sub)) throw new UsageError(sub ? `unknown changes command "${sub}"` : 'a changes command is required');
    const { values, positionals } = parse(sub as Sub, rest);
    const client = new ChangeCalendarClient(urlOf(values, io), await apiKeyOf(values, io));
    const print = (document: unknown, text: () => string[]) => (values.json ? io.out(JSON.stringify(document, null, 2)) : text().forEach((l) => io.out(l)));
    switch (sub as Sub) {
      case 'add': {
        if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
        const file = values.file as string | undefined;
        const draft = draftFrom(file === undefined ? undefined : await readInput(io, file), values as DraftFlags);
        const saved = await client.create(draft);
        print(saved, () => [
          `created ${saved.change.id} (${saved.change.status}, version ${saved.change.version}): ${saved.change.title}`,
          ...saved.overlaps.map((o) => `overlaps ${o.changeIds.filter((id) => id !== saved.change.id).join(', ')}: ${o.shared.join('; ')}`),
          ...saved.warnings.map((w) => `warning ${w.path}: ${w.message}`),
        ]);
        return 0;
      }
      case 'list': {
        if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
        const changes = await listAll(client, values);
        print({ changes }, () => (changes.length === 0 ? ['no changes'] : tableLines([LIST_HEADER, ...changes.map(listRow)])));
        return 0;
      }
      case 'show': {
        const id = oneId(positionals);
        if (values.versions) {
          const versions = await client.versions(id);
          print({ versions }, () => tableLines([VERSIONS_HEADER, ...versions.map(versionRow)]));
        } else {
          const change = await client.get(id);
          print(change, () => changeLines(change));
        }
        return 0;
      }
      case 'approve':
      case 'reject': {
        const decided = await client.decide(oneId(positionals), sub as 'approve' | 'reject', (values.comment as string | undefined) ?? null);
        print(decided, () => [`${decided.status} ${decided.id} by ${decided.approvals.at(-1)?.by ?? '?'} (version ${decided.version})`]);
        return 0;
      }
      case 'import': {
        if (positionals.length !== 1) throw new UsageError('import needs one file (or - for standard input)');
        const format = values.format as string | undefined;
        if (!format || !(IMPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
        const [source, kind] = format.split('-') as [string, 'csv' | 'json'];
        const text = await readInput(io, positionals[0]);
        const outcome = await client.import(source, kind, text, { dryRun: values['dry-run'] === true, timeZone: values['time-zone'] as string | undefined });
        print(outcome, () => [...(outcome.dryRun ? ['dry run: nothing written'] : []), ...outcome.lines, ...outcome.written.map((w) => `wrote ${w.ticketRef} as ${w.changeId} version ${w.version}`)]);
        return outcome.counts.errors > 0 ? 2 : 0;
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof DraftInputError) {
      io.err(`quell: ${error.message}`);
      if (!(error instanceof UnreadableInput)) io.err(CHANGES_USAGE);
      return 1;
    }
    if (error instanceof ApiRefusal) {
      io.err(`quell: ${error.message}`);
      return 2;
    }
    if (error instanceof ApiUnavailable) {
      io.err(`quell: change calendar ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function parse(sub: Sub, args: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON, ...OPTIONS[sub] } }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Every page of the search (the server's cursor), up to --limit changes. */
async function listAll(client: ChangeCalendarClient, values: Values): Promise<Change[]> {
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (values.limit !== undefined && !(limit > 0 && Number.isInteger(limit))) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  const filters: Record<string, string> = {};
  for (const name of ['status', 'from', 'to', 'host', 'ip', 'service', 'tag'] as const) if (values[name] !== undefined) filters[name] = values[name] as string;
  if (values.ticket !== undefined) filters.ticketRef = values.ticket as string;
  const changes: Change[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.search(filters, cursor);
    changes.push(...page.changes);
    cursor = page.nextCursor;
  } while (cursor && changes.length < limit);
  return changes.slice(0, limit);
}

function oneId(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError('give one change id');
  return positionals[0];
}
