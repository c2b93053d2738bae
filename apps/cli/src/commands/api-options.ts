/** What every API subcommand (quell changes, quell incidents, quell query) reads: the service URL and the key. */
import { ApiRefusal, ApiUnavailable } from './api-client';

/** A mistake on the command line: printed with the usage, exit code 1. */
export class UsageError extends Error {}

/** A file that cannot be read (missing, a directory, no permission): exit 1 like a usage error, but one line, since the command line itself was right. */
export class UnreadableInput extends UsageError {}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface ApiIo {
  /** Reads a file, or standard input for `-`. */
  read(path: string): Promise<string>;
  env?: Record<string, string | undefined>;
}

/** The all-in-one's one port, where every API answers; a distributed service is named by --url or QUELL_URL. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8080';

/** --url, else $QUELL_URL, else the all-in-one on this machine; an http(s) URL. */
export function urlOf(values: Values, io: Pick<ApiIo, 'env'>): string {
  const url = (values.url as string | undefined) ?? io.env?.QUELL_URL ?? DEFAULT_SERVER_URL;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--url (or QUELL_URL) must be an http(s) URL, not "${url}"`);
  }
  if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`--url (or QUELL_URL) must be an http(s) URL, not "${url}"`);
  return url;
}

/** The key from --api-key-file (a file, or - for stdin) or QUELL_API_KEY; never from the command line itself, so it stays out of shell history. */
export async function apiKeyOf(values: Values, io: ApiIo): Promise<string> {
  const file = values['api-key-file'] as string | undefined;
  const key = file === undefined ? io.env?.QUELL_API_KEY : (await readInput(io, file)).replace(/\r?\n$/, '');
  if (!key) throw new UsageError('an API key is needed: set QUELL_API_KEY or give --api-key-file <file|->');
  if (/[\s,]/.test(key)) throw new UsageError('the API key must be one line without white space or ","');
  return key;
}

export async function readInput(io: ApiIo, path: string): Promise<string> {
  try {
    return await io.read(path);
  } catch (error) {
    throw new UnreadableInput(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * An API subcommand's failure as its exit code, told in one line: 1 for a usage error (then the
 * usage) or an unreachable server (with `hint`), 2 for the server's refusal; rethrows anything else.
 */
export function apiFailureExit(error: unknown, io: { err(line: string): void }, usage: string, hint = ''): number {
  if (error instanceof UsageError) {
    io.err(`quell: ${error.message}`);
    if (!(error instanceof UnreadableInput)) io.err(usage);
    return 1;
  }
  if (error instanceof ApiRefusal) {
    io.err(`quell: ${error.message}`);
    return 2;
  }
  if (error instanceof ApiUnavailable) {
    io.err(`quell: ${error.message}${hint}`);
    return 1;
  }
  throw error;
}
