import { splitKeyValues } from '../kv/kv-splitter';
import { auditConfigChange } from './audit-config-change';
import type { ExtractedFields } from './extracted-fields';

/**
 * A Linux audit record carried in a syslog line: audispd's / audisp-syslog's syslog plugin, or
 * rsyslog forwarding audit.log with imfile (any tag). The body is the record as auditd writes it,
 * `[node=<host> ]type=<TYPE> msg=audit(<epoch>:<serial>): key=value ...`, so the tag is not checked.
 */
const AUDIT_RECORD = /^(?:node=\S+ )?type=[A-Z_]+ msg=audit\(\d+(?:\.\d+)?:\d+\):/;

export function extractAuditd(message: string): ExtractedFields | undefined {
  const body = message.trim();
  if (!AUDIT_RECORD.test(body)) return undefined;
  const original: Record<string, string> = {};
  for (const [key, value] of splitKeyValues(body).pairs) {
    // The first `msg=` is the record's stamp; user-space records (USER_LOGIN, USER_CMD...) add
    // msg='op=... acct=... exe=... res=...', whose pairs are the record's own fields.
    if (key === 'msg' && key in original) {
      for (const [inner, innerValue] of splitKeyValues(value).pairs) if (!(inner in original)) original[inner] = innerValue;
    } else if (!(key in original)) original[key] = value;
  }
  const fields: Record<string, string> = { ...auditConfigChange(original) };
  if (original['type'] === 'EXECVE') {
    const args: string[] = [];
    for (let i = 0; original[`a${i}`] !== undefined; i++) args.push(original[`a${i}`]);
    // No event.category: the record read from audit.log itself (kv) has none either, and one record
    // must not be a process event by one path and `other` by the other.
    if (args.length > 0) fields['process.command_line'] = args.join(' ');
  } else if (original['type'] === 'SYSCALL') {
    if (original['exe']) fields['process.executable'] = original['exe'];
    if (original['comm']) fields['process.name'] = original['comm'];
    if (/^\d+$/.test(original['pid'] ?? '')) fields['process.pid'] = original['pid'];
    if (/^\d+$/.test(original['ppid'] ?? '')) fields['process.parent.pid'] = original['ppid'];
  }
  return { fields, original };
}
