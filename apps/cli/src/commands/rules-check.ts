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
    const problems = await problemsOf(file, io);
    if (problems.length === 0) continue;
    rejected++;
    io.out(problems.join('; '));
  }
  io.out(`loaded ${files.length - rejected}, rejected ${rejected}`);
  return rejected === 0 ? 0 : 2;
}

/** One file's errors as `file:line: reason`; a file that cannot be read (or load) is one more rejected file, not the end of the run. */
async function problemsOf(file: string, io: RulesIo): Promise<string[]> {
  let text: string;
  try {
    text = await io.read(file);
  } catch (error) {
    return [`${file}: cannot be read: ${(error as Error).message}`];
  }
  try {
    return loadSigmaRules(text, file).errors.map((e) => `${e.file}:${e.line}: ${e.reason}`);
  } catch (error) {
    return [`${file}: cannot be loaded: ${(error as Error).message}`];
  }
}
