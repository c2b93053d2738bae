import type { ExtractedFields } from './extracted-fields';

/** `alice : [reason ;] TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id` (sudo's logging.c). */
const SUDO = /^\s*(\S+) : /;
const FAILURE_REASONS = /incorrect password|NOT in sudoers|NOT allowed|authentication failure|command not allowed/i;

export function extractSudo(message: string, processName: string | undefined): ExtractedFields | undefined {
  if (processName !== undefined && processName !== 'sudo') return undefined;
  const match = SUDO.exec(message);
  // The body is cut with trimEnd: a `(.*?)\s*$` pattern is quadratic on long runs of blanks.
  const body = match ? message.slice(match[0].length).trimEnd() : '';
  if (!match || !body.includes('COMMAND=')) return undefined;
  const user = match[1];
  const original: Record<string, string> = {};
  const reasons: string[] = [];
  // COMMAND is last and may itself contain " ; ", so it takes the rest of the line.
  const commandAt = body.indexOf('COMMAND=');
  const command = body.slice(commandAt + 'COMMAND='.length);
  for (const part of body.slice(0, commandAt).split(' ; ')) {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    if (eq > 0 && /^[A-Z]+$/.test(name)) original[`sudo.${name}`] = part.slice(eq + 1).trim();
    else if (part.trim()) reasons.push(part.trim());
  }
  original['sudo.COMMAND'] = command;
  const failed = reasons.some((r) => FAILURE_REASONS.test(r));
  const fields: Record<string, string> = {
    'event.category': 'process',
    'event.action': 'sudo',
    'event.outcome': failed ? 'failure' : 'success',
    'user.name': user,
    'process.command_line': command,
  };
  if (original['sudo.USER']) fields['user.target.name'] = original['sudo.USER'];
  if (original['sudo.PWD']) fields['process.working_directory'] = original['sudo.PWD'];
  if (reasons.length > 0) original['sudo.reason'] = reasons.join('; ');
  return { fields, original };
}
