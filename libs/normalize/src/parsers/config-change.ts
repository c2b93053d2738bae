/**
 * Whether a network or security device's record reports a change to the device's configuration
 * or policy (ECS event.category `configuration`, Quell class `config_change`). Devices say it in
 * different places, so each format passes what it has:
 *
 * - FortiGate writes every configuration change as logid 0100044546/0100044547 with `cfgpath`
 *   (key=value) or `FTNTFGTcfgpath` (CEF) naming the changed table, e.g. `firewall.policy`
 *   (Fortinet KB 387138);
 * - PAN-OS names the log type CONFIG (the CEF Name / LEEF EventID of its config logs);
 * - ArcSight-style categories (`cat`) and other vendors' event names say "configuration" or
 *   "policy … changed/installed".
 */
export interface ConfigChangeSignals {
  /** Keys the record carries, under their own names (a `…cfgpath` key is enough). */
  keys?: Iterable<string>;
  /** Short labels that classify the event: CEF Name and `cat`, LEEF EventID and `cat`, a vendor's `logdesc`. */
  labels: Array<string | undefined>;
}

// "configuration" or "config" as a word, or a policy / rule set that was changed, installed, …
// The gaps are bounded: an unbounded `.*` after each "policy" of a long label would be quadratic.
const CONFIG_WORD = /(?:^|[^a-z])config(?:uration)?(?:$|[^a-z])/i;
const POLICY_CHANGED = /\b(?:polic(?:y|ies)|rule ?(?:base|set)|acl)\b.{0,40}?\b(?:chang|modif|install|push|add|delet|edit|creat|remov|updat)/i;
const ADMIN_CONFIGURED = /\b(?:object|attribute|path|setting)s?\b.{0,40}?\bconfigured\b/i;

export function isConfigChange({ keys = [], labels }: ConfigChangeSignals): boolean {
  for (const key of keys) if (/cfgpath$/i.test(key)) return true;
  return labels.some((label) => label !== undefined && (CONFIG_WORD.test(label) || POLICY_CHANGED.test(label) || ADMIN_CONFIGURED.test(label)));
}
