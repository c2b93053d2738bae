import type { ExtractedFields } from './extracted-fields';

const FAILED = /^Failed (\S+) for (invalid user )?(.*?) from (\S+) port (\d+)(?: (ssh\d?))?/;
const ACCEPTED = /^Accepted (\S+) for (.*?) from (\S+) port (\d+)(?: (ssh\d?))?(?:: (.*))?/;
const INVALID_USER = /^Invalid user (.*?) from (\S+)(?: port (\d+))?\s*$/;

/**
 * OpenSSH authentication lines (auth.c `auth_log`): `Failed <method> for [invalid user] <user>
 * from <ip> port <n> ssh2`, `Accepted <method> for <user> from ...`, `Invalid user <user> from <ip>`.
 * Actions follow Elastic's system/auth module: `ssh_login` and `invalid_user`.
 */
export function extractSshd(message: string, processName: string | undefined): ExtractedFields | undefined {
  if (processName !== undefined && !processName.startsWith('sshd')) return undefined;
  const failed = FAILED.exec(message);
  if (failed) {
    const [, method, invalid, user, ip, port] = failed;
    const fields = login('failure', user, ip, port);
    return { fields, original: { 'sshd.method': method, ...(invalid ? { 'sshd.invalid_user': 'true' } : {}) } };
  }
  const accepted = ACCEPTED.exec(message);
  if (accepted) {
    const [, method, user, ip, port, , signature] = accepted;
    const original: Record<string, string> = { 'sshd.method': method };
    if (signature) original['sshd.signature'] = signature;
    return { fields: login('success', user, ip, port), original };
  }
  const invalid = INVALID_USER.exec(message);
  if (invalid) {
    const [, user, ip, port] = invalid;
    const fields = login('failure', user, ip, port);
    fields['event.action'] = 'invalid_user';
    return { fields, original: { 'sshd.invalid_user': 'true' } };
  }
  return undefined;
}

function login(outcome: string, user: string, ip: string, port: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {
    'event.category': 'authentication',
    'event.action': 'ssh_login',
    'event.outcome': outcome,
    'user.name': user,
    'source.ip': ip,
  };
  if (port !== undefined) fields['source.port'] = port;
  return fields;
}
