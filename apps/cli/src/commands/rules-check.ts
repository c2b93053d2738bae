import { loadSigmaRules } from '@quell/rules';
import type { Output } from '../normalize-command';
import { ruleFilesUnder } from './rules-files';

export interface RulesIo extends Output {
  read(path: string): Promise<string>;
}

/**
 * `quell rules check <paths…>`: loads every rule file under the paths; one line per rejected file
 * (file:line: reason), then `loaded N, rejected M`. Exit 0 when none is rejected, 2 otherwise.
 */
export async function rulesCheck(paths: readonly string[], io: RulesIo): Promise<number> {
  const files = await ruleFilesUnder(paths);
  let rejected = 0;
  for (const file of files) {
    const { errors } = loadSigmaRules(await io.read(file), file);
    if (errors.length === 0) continue;
    rejected++;
    io.out(errors.map((e) => `${e.file}:${e.line}: ${e.reason}`).join('; '));
  }
  io.out(`loaded ${files.length - rejected}, rejected ${rejected}`);
  return rejected === 0 ? 0 : 2;
}
