/**
 * ATT&CK Enterprise tactics as Sigma tags spell them (`attack.<tactic>`), in matrix order (the
 * kill chain ranks by it). `stealth` and `defense-impairment`, which newer ATT&CK releases split
 * out of defense-evasion and Sigma tags may carry, sit beside it.
 */
export const ATTACK_TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'stealth',
  'defense-impairment',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

const TECHNIQUE = /^attack\.(t\d{4}(?:\.\d{3})?)$/;

/**
 * One ATT&CK tag style everywhere, Sigma's: lower case, tactics with hyphens
 * (`attack.Credential_Access` → `attack.credential-access`, `attack.T1059.001` →
 * `attack.t1059.001`). Applied where tags enter (rule loading, anomaly rules, kill-chain
 * alerts); tags outside the `attack` namespace are kept as written.
 */
export function canonicalAttackTag(tag: string): string {
  const trimmed = tag.trim();
  if (!/^attack\./i.test(trimmed)) return tag;
  return `attack.${trimmed.slice('attack.'.length).toLowerCase().replace(/[_\s]+/g, '-')}`;
}

/** The tag of an ATT&CK tactic or technique name (`credential-access`, `T1110`): `attack.credential-access`, `attack.t1110`. */
export function attackTagOf(name: string): string {
  return canonicalAttackTag(`attack.${name}`);
}

/** Splits a rule's tags into ATT&CK tactics and technique ids (other tags are kept as tags only). */
export function attackOf(tags: readonly string[]): { tactics: string[]; techniques: string[] } {
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const tag of tags) {
    const lower = tag.toLowerCase();
    const technique = TECHNIQUE.exec(lower)?.[1];
    if (technique) techniques.add(technique.toUpperCase());
    else if (lower.startsWith('attack.')) {
      const tactic = lower.slice('attack.'.length).replace(/_/g, '-');
      if ((ATTACK_TACTICS as readonly string[]).includes(tactic)) tactics.add(tactic);
    }
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}
