import { randomBytes } from 'node:crypto';
import { formatApiKeyHash } from '@quell/platform-http';
import type { Output } from '../normalize-command';

export const KEYS_USAGE = `usage: quell keys hash [--json]   (reads the key from standard input)
       quell keys new [--json]
  hash  prints the key's configuration form sha256:<hex>, to put in an API key list (INGEST_API_KEYS,
        RULES_API_KEYS, tenant:name:scope:key lists) instead of the plaintext key; the key is read from
        standard input (one line), never from the command line, so it stays out of shell history
  new   prints a new random key (256 bits, base64url) and, on the next line, its sha256:<hex> form
  --json  prints one document instead: {"hash"} for hash, {"key","hash"} for new
  exit codes: 0 done, 1 usage error or an empty key`;

export interface KeysIo extends Output {
  read(path: string): Promise<string>;
}

/** Runs `quell keys <sub>`; returns the exit code. */
export async function runKeysCommand(args: string[], io: KeysIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(KEYS_USAGE);
    return 0;
  }
  const json = rest[0] === '--json';
  const extra = rest.slice(json ? 1 : 0);
  if (extra.length > 0) return usage(io, `unexpected argument "${extra[0]}" (the key is read from standard input)`);
  if (sub === 'new') {
    const key = randomBytes(32).toString('base64url');
    const hash = formatApiKeyHash(key);
    if (json) io.out(JSON.stringify({ key, hash }));
    else {
      io.out(key);
      io.out(hash);
    }
    return 0;
  }
  if (sub !== 'hash') return usage(io, sub ? `unknown keys command "${sub}"` : 'a keys command is required');
  // One line: a trailing newline (echo, a here-string) is not part of the key.
  const key = (await io.read('-')).replace(/\r?\n$/, '');
  if (key === '' || /[\r\n]/.test(key)) return usage(io, 'standard input must hold one key on one line');
  if (/[\s,]/.test(key)) return usage(io, 'a key may not contain white space or ","');
  io.out(json ? JSON.stringify({ hash: formatApiKeyHash(key) }) : formatApiKeyHash(key));
  return 0;
}

function usage(io: Output, message: string): number {
  io.err(`quell: ${message}`);
  io.err(KEYS_USAGE);
  return 1;
}
