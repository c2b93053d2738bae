import { parseArgs } from 'node:util';
import { runChangesCommand } from './commands/changes/changes-command';
import { runIncidentsCommand } from './commands/incidents/incidents-command';
import { runKeysCommand } from './commands/keys-command';
import { runQueryCommand } from './commands/query-command';
import { runReplayCommand, type ReplayStreams } from './commands/replay/replay-command';
import { runRulesCommand } from './commands/rules-command';
import { runRunCommand } from './commands/run-command';
import { runSchemasCommand } from './commands/schemas-command';
import { CLI_FORMATS, normalizeText, type CliFormat, type Output } from './normalize-command';

export interface CliIo extends Output, ReplayStreams {
  /** Reads a file, or standard input for `-`. */
  read(path: string): Promise<string>;
  now(): number;
  /** The environment (QUELL_URL, QUELL_API_KEY for `quell changes` and `quell incidents`). */
  env?: Record<string, string | undefined>;
}

export const USAGE = `usage: quell normalize [--format F] [--source S] [--tenant T] <file|->
  Prints each record of the input as one normalized event (ECS field names), one JSON object per line.
  --format  ${CLI_FORMATS.join(', ')} (default: detected per record)
  --source  source name put on the events (default: the file name, or stdin)
  --tenant  tenant put on the events (default: default)
exit codes: 0 every record parsed, 2 some rejected (reasons on stderr), 1 usage error
       quell rules check [--json] <path…> | quell rules test --rule <file> --events <file> [--filters <path>]… [--json]
       quell rules backtest --rule <file> --from <time> --to <time>  (see quell rules --help)
       quell schemas register --registry <url> [--dry-run] [--json]  (see quell schemas --help)
       quell keys hash [--json] < key-file | quell keys new [--json]  (API keys as sha256:<hex>; see quell keys --help)
       quell changes add|list|show|approve|reject|import … [--json]  (the change calendar; see quell changes --help)
       quell incidents list|show|ack|assign|comment|resolve … [--json]  (incidents; see quell incidents --help)
       quell query [<name> | "<SELECT …>"] [--param k=v…] [--json]  (saved investigations or ad-hoc SQL on a running all-in-one; see quell query --help)
       quell replay <file|-> [--target http://…|kafka://…] [--rate N] [--json]  (sends raw events to ingest; see quell replay --help)
       quell run [--demo]  (the all-in-one in the foreground, as npm start; see quell run --help)
every command and subcommand takes --help (exit 0); the README's "Command line" section lists the exit codes`;

class UsageError extends Error {}
/** A file that cannot be read: exit 1, one line, no usage (the command line was right). */
class UnreadableInput extends UsageError {}

/** Runs `quell <args>`; returns the process exit code. */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = args;
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    // `quell <command> [<sub>…] --help` shows that command's usage, whatever else is on the line.
    const help = rest.includes('--help') || rest.includes('-h');
    if (command !== undefined && help && rest.join(' ') !== '--help') return await runCli([command, '--help'], io);
    if (command === 'rules') return await runRulesCommand(rest, io);
    if (command === 'schemas') return await runSchemasCommand(rest, io);
    if (command === 'keys') return await runKeysCommand(rest, io);
    if (command === 'changes') return await runChangesCommand(rest, io);
    if (command === 'incidents') return await runIncidentsCommand(rest, io);
    if (command === 'query') return await runQueryCommand(rest, io);
    if (command === 'replay') return await runReplayCommand(rest, io);
    if (command === 'run') return await runRunCommand(rest, io);
    if (command !== 'normalize') throw new UsageError(command ? `unknown command "${command}"` : 'a command is required');
    if (rest[0] === '--help') {
      io.out(USAGE);
      return 0;
    }
    const { values, positionals } = parseNormalizeArgs(rest);
    if (positionals.length !== 1) throw new UsageError('exactly one input is required: a file, or - for standard input');
    const format = values.format;
    if (format !== undefined && !(CLI_FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format "${format}" (${CLI_FORMATS.join(', ')})`);
    }
    const input = positionals[0];
    let text: string;
    try {
      text = await io.read(input);
    } catch (error) {
      throw new UnreadableInput(`cannot read ${input}: ${(error as Error).message}`);
    }
    const source = values.source ?? (input === '-' ? 'stdin' : input);
    return normalizeText(text, { format: format as CliFormat | undefined, source, tenant: values.tenant ?? 'default', now: io.now() }, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`quell: ${error.message}`);
    if (!(error instanceof UnreadableInput)) io.err(USAGE);
    return 1;
  }
}

function parseNormalizeArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, source: { type: 'string', short: 's' }, tenant: { type: 'string', short: 't' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
