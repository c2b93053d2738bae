import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Output } from '../../normalize-command';
import { ApiRefusal, ApiUnavailable } from '../api-client';
import { apiKeyOf, DEFAULT_SERVER_URL, UnreadableInput, urlOf, UsageError, type ApiIo, type Values } from '../api-options';
import { tableLines } from '../changes/change-text';
import { actedLine, detailLines, LIST_HEADER, listRow } from './incident-text';
import { IncidentsClient, type IncidentSummary } from './incidents.client';

const RESOLUTIONS = ['true_positive', 'false_positive', 'benign', 'duplicate', 'other'];

export const INCIDENTS_USAGE = `usage: quell incidents list [--status S[,S]] [--priority P[,P]] [--service S] [--entity [TYPE:]VALUE] [--rule R] [--assignee A]
                            [--from TIME] [--to TIME] [--text T] [--limit N]
       quell incidents show <id>
       quell incidents ack <id> [--comment C]
       quell incidents assign <id> (<assignee> | --unassign)
       quell incidents comment <id> <text>
       quell incidents resolve <id> --resolution ${RESOLUTIONS.join('|')} [--comment C]
  Talks to the incident-manager's API. Every subcommand takes:
  --url URL            the all-in-one or the incident-manager (default: $QUELL_URL, else ${DEFAULT_SERVER_URL})
  --api-key-file F     a file holding the API key, or - for standard input (default: $QUELL_API_KEY); never printed
  --json               one JSON document (the API's answer) instead of text
  ack, assign, comment, resolve: --version N acts only if the incident is still at version N (else refused, 409);
  the actor recorded on the timeline is the API key's name.
  exit codes: 0 done, 2 the server refused (the reason on one line), 1 usage error, server unreachable or failing`;

const COMMON = { url: { type: 'string' }, 'api-key-file': { type: 'string' }, json: { type: 'boolean' } } as const;
const ACTING = { version: { type: 'string' } } as const;
const OPTIONS = {
  list: {
    status: { type: 'string' }, priority: { type: 'string' }, service: { type: 'string' }, entity: { type: 'string' }, rule: { type: 'string' },
    assignee: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, text: { type: 'string' }, limit: { type: 'string' },
  },
  show: {},
  ack: { ...ACTING, comment: { type: 'string' } },
  assign: { ...ACTING, unassign: { type: 'boolean' } },
  comment: { ...ACTING },
  resolve: { ...ACTING, resolution: { type: 'string' }, comment: { type: 'string' } },
} satisfies Record<string, ParseArgsConfig['options']>;
type Sub = keyof typeof OPTIONS;

export interface IncidentsIo extends Output, ApiIo {}

/** Runs `quell incidents <sub> …`; returns the exit code. */
export async function runIncidentsCommand(args: string[], io: IncidentsIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(INCIDENTS_USAGE);
    return 0;
  }
  try {
    if (!sub || !Object.hasOwn(OPTIONS, sub)) throw new UsageError(sub ? `unknown incidents command "${sub}"` : 'an incidents command is required');
    const { values, positionals } = parse(sub as Sub, rest);
    const client = new IncidentsClient(urlOf(values, io), await apiKeyOf(values, io));
    const print = (document: unknown, text: () => string[]) => (values.json ? io.out(JSON.stringify(document, null, 2)) : text().forEach((l) => io.out(l)));
    if (sub === 'list') {
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      const items = await listAll(client, values);
      print({ items }, () => (items.length === 0 ? ['no incidents'] : tableLines([LIST_HEADER, ...items.map(listRow)])));
      return 0;
    }
    if (sub === 'show') {
      const detail = await client.get(only(positionals, 1, 'show needs one incident id')[0]);
      print(detail, () => detailLines(detail));
      return 0;
    }
    const { id, action, body } = actionOf(sub as Exclude<Sub, 'list' | 'show'>, values, positionals);
    const incident = await client.act(id, action, body, versionOf(values));
    print(incident, () => [actedLine(incident)]);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`quell: ${error.message}`);
      if (!(error instanceof UnreadableInput)) io.err(INCIDENTS_USAGE);
      return 1;
    }
    if (error instanceof ApiRefusal) {
      io.err(`quell: ${error.message}`);
      return 2;
    }
    if (error instanceof ApiUnavailable) {
      io.err(`quell: incident-manager ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** The API call an acting subcommand makes: its path segment and body. */
function actionOf(sub: 'ack' | 'assign' | 'comment' | 'resolve', values: Values, positionals: string[]): { id: string; action: string; body: Record<string, unknown> } {
  const comment = values.comment as string | undefined;
  switch (sub) {
    case 'ack':
      return { id: only(positionals, 1, 'ack needs one incident id')[0], action: 'acknowledge', body: { comment } };
    case 'assign': {
      if (values.unassign) return { id: only(positionals, 1, 'assign --unassign needs one incident id')[0], action: 'assign', body: { assignee: null } };
      const [id, assignee] = only(positionals, 2, 'assign needs an incident id and an assignee (or --unassign)');
      return { id, action: 'assign', body: { assignee } };
    }
    case 'comment': {
      if (positionals.length < 2) throw new UsageError('comment needs an incident id and the text');
      const [id, ...words] = positionals;
      return { id, action: 'comment', body: { text: words.join(' ') } };
    }
    case 'resolve': {
      const resolution = values.resolution as string | undefined;
      if (!resolution || !RESOLUTIONS.includes(resolution)) throw new UsageError(`--resolution must be one of ${RESOLUTIONS.join(', ')}`);
      return { id: only(positionals, 1, 'resolve needs one incident id')[0], action: 'resolve', body: { resolution, comment } };
    }
  }
}

/** Every page (the server's cursor), up to --limit incidents. */
async function listAll(client: IncidentsClient, values: Values): Promise<IncidentSummary[]> {
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (values.limit !== undefined && !(limit > 0 && Number.isInteger(limit))) throw new UsageError(`--limit must be a positive whole number, not "${values.limit}"`);
  const filters: Record<string, string> = {};
  for (const name of ['status', 'priority', 'service', 'entity', 'rule', 'assignee', 'from', 'to'] as const) if (values[name] !== undefined) filters[name] = values[name] as string;
  if (values.text !== undefined) filters.q = values.text as string;
  // The table prints priorities as P1…P5; the API takes 1…5, so both spellings filter.
  if (filters.priority !== undefined) filters.priority = filters.priority.replace(/(^|,)\s*[Pp](?=\d)/g, '$1');
  if (Number.isFinite(limit)) filters.limit = String(Math.min(limit, 200));
  const items: IncidentSummary[] = [];
  let cursor: string | null = null;
  do {
    const page = await client.list(filters, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < limit);
  return items.slice(0, limit);
}

function versionOf(values: Values): number | undefined {
  if (values.version === undefined) return undefined;
  const version = Number(values.version);
  if (!Number.isInteger(version) || version < 1) throw new UsageError(`--version must be a positive whole number, not "${values.version}"`);
  return version;
}

function only(positionals: string[], count: number, message: string): string[] {
  if (positionals.length !== count) throw new UsageError(message);
  return positionals;
}

function parse(sub: Sub, args: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON, ...OPTIONS[sub] } }) as { values: Values; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
