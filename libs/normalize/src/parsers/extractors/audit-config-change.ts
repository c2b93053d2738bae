/**
 * Which Linux audit records report a configuration change, read the same way from audit.log (kv)
 * and from an audit record inside a syslog line, so one record is one class by either path.
 *
 * - Record types the kernel or a tool writes only when configuration changed, with the action
 *   names of Elastic's auditd module (filebeat/module/auditd/log/ingest/pipeline.yml): iptables /
 *   nftables rule loads (NETFILTER_CFG), audit rules added or removed (CONFIG_CHANGE), SELinux
 *   policy, booleans and mode, auditd's own configuration.
 * - A SYSCALL record that an admin's watch (`-w /etc/ssh/sshd_config -p wa -k sshd_config`) or
 *   syscall rule fired, when its `key=` names configuration. auditd writes the watched path in the
 *   PATH record of the same event, a separate line; the key is what this line carries. Keys of the
 *   CIS and STIG benchmarks and of the Neo23x0 best-practice rules that watch configuration files
 *   match (CONFIG_KEY below); `identity` (accounts) and `time-change` (chronyd's clock slews) do
 *   not. A watch with `r` permission also fires on reads: an open(2)/openat(2) whose flags ask for
 *   neither writing, creating nor truncating is a read, not a change.
 */
// Maps, not object literals: a record's own `type=constructor` must find nothing.
const RECORD_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['NETFILTER_CFG', 'loaded-firewall-rule-to'],
  ['CONFIG_CHANGE', 'changed-audit-configuration'],
  ['DAEMON_CONFIG', 'changed-auditd-configuration'],
  ['FEATURE_CHANGE', 'changed-audit-feature'],
  ['MAC_CONFIG_CHANGE', 'changed-selinux-boolean'],
  ['MAC_POLICY_LOAD', 'loaded-selinux-policy'],
  ['MAC_STATUS', 'changed-selinux-enforcement'],
  ['USER_MAC_CONFIG_CHANGE', 'changed-mac-configuration'],
  ['USER_MAC_POLICY_LOAD', 'loaded-mac-policy'],
  ['USYS_CONFIG', 'changed-configuration'],
]);

// Whole words or word parts of a rule key; anchored alternatives keep the test linear.
const CONFIG_KEY =
  /(?:conf|cfg|polic|rules|sysctl|modprobe|sudoers|actions|scope|sshd|pam|hosts|network|firewall|iptables|nft|cron|systemd|init|libpath|preload|locale|selinux|apparmor|mac-policy|tcpwrappers|profile)/i;

/** ECS fields for an audit record's own fields (`type`, `key`, `op`, `AUID`, …), or undefined when it changes no configuration. */
export function auditConfigChange(record: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const type = record['type'];
  if (type === undefined) return undefined;
  let action = RECORD_ACTIONS.get(type);
  if (action === undefined && type === 'SYSCALL') {
    const key = record['key'];
    if (key === undefined || key === '(null)' || !CONFIG_KEY.test(key) || readOnlyOpen(record)) return undefined;
    action = 'wrote-watched-config';
  }
  if (action === undefined) return undefined;
  const fields: Record<string, string> = { 'event.category': 'configuration', 'event.action': action };
  // ENRICHED log format (the default since audit 3.0) appends the names: AUID="alice".
  const user = record['AUID'];
  if (user && user !== 'unset') fields['user.name'] = user;
  if (record['node']) fields['host.name'] = record['node'];
  const result = record['res'] ?? record['success'];
  if (result === '1' || result === 'yes' || result === 'success') fields['event.outcome'] = 'success';
  else if (result === '0' || result === 'no' || result === 'failed') fields['event.outcome'] = 'failure';
  return fields;
}

// open/openat numbers and the argument holding the flags, per `arch=` (AUDIT_ARCH_*): x86_64, i386, aarch64.
const OPEN_FLAGS_ARG: ReadonlyMap<string, string> = new Map([
  ['c000003e:2', 'a1'],
  ['c000003e:257', 'a2'],
  ['40000003:5', 'a1'],
  ['40000003:295', 'a2'],
  ['c00000b7:56', 'a2'],
]);
// O_WRONLY | O_RDWR | O_CREAT | O_TRUNC on these architectures.
const WRITE_FLAGS = 0x243;

function readOnlyOpen(record: Readonly<Record<string, string>>): boolean {
  const arg = OPEN_FLAGS_ARG.get(`${record['arch']}:${record['syscall']}`);
  const flags = arg === undefined ? NaN : parseInt(record[arg] ?? '', 16);
  return Number.isInteger(flags) && (flags & WRITE_FLAGS) === 0;
}

/** A Linux audit record as key=value pairs: `type=<TYPE> msg=audit(<epoch>:<serial>): …`. */
export function isAuditRecord(record: Readonly<Record<string, string>>): boolean {
  return record['type'] !== undefined && record['msg']?.startsWith('audit(') === true;
}
