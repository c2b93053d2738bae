/** One reason a score is what it is: the rule's weight and what it added (or took away) here. */
export interface PriorityFactor {
  /** Stable name for machines, e.g. `service-criticality`, `kill-chain-stage` (README "Priority"). */
  id: string;
  /** For a human: `critical service payments`, `kill-chain reached exfiltration`. */
  label: string;
  /** The weight the rule gives: `+3` adds three points, `×2` doubles the severity points. */
  weight: { op: '+' | '×'; value: number };
  /** Points this factor changed the score by, here (negative when it lowers it). */
  contribution: number;
}

export function added(id: string, label: string, value: number): PriorityFactor {
  return { id, label, weight: { op: '+', value }, contribution: value };
}

/** `critical service payments (×2)`, `after hours (+1)`, `covered by approved change CHG-7 (-2)`. */
export function describeFactor(factor: PriorityFactor): string {
  const { op, value } = factor.weight;
  const weight = op === '×' ? `×${value}` : value < 0 ? `${value}` : `+${value}`;
  return `${factor.label} (${weight})`;
}
