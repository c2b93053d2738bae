import { parseArgs } from 'node:util';
import { rulesCheck, type RulesIo } from './rules-check';
import { rulesTest } from './rules-test';

export const RULES_USAGE = `usage: quell rules check <path…>
  Loads every Sigma rule file (.yml) under the paths; prints one line per rejected file, then "loaded N, rejected M".
  exit codes: 0 all loaded, 2 some rejected, 1 usage error
usage: quell rules test --rule <file> --events <file>
  Prints the events of the file that the rule matches, then "matched K of N events".
  exit codes: 0 rule loaded, 2 rule rejected, 1 usage error`;

/** Runs `quell rules <sub> …`; returns the exit code. */
export async function runRulesCommand(args: string[], io: RulesIo & { now(): number }): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.out(RULES_USAGE);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { rule: { type: 'string' }, events: { type: 'string' } } });
    if (sub === 'check') {
      if (positionals.length === 0) return usage(io, 'rules check needs at least one path');
      return await rulesCheck(positionals, io);
    }
    if (sub === 'test') {
      if (!values.rule || !values.events || positionals.length > 0) return usage(io, 'rules test needs --rule <file> and --events <file>');
      return await rulesTest({ rule: values.rule, events: values.events, now: io.now() }, io);
    }
    return usage(io, sub ? `unknown rules command "${sub}"` : 'rules needs check or test');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code?.startsWith('ERR_PARSE_ARGS')) return usage(io, (error as Error).message);
    throw error;
  }
}

function usage(io: RulesIo, reason: string): number {
  io.err(`quell: ${reason}`);
  io.err(RULES_USAGE);
  return 1;
}
