/** Sigma rules for the correlator's tests: failed and successful logons, a brute-force count and a chain. */
export const FAILED_LOGON = `title: Failed logon
id: 11111111-1111-4111-8111-111111111111
name: failed_logon
author: Test Author
tags: [attack.credential-access, attack.t1110]
logsource: { category: authentication }
detection:
  selection: { event.outcome: failure }
  condition: selection
level: low
`;

export const SUCCESSFUL_LOGON = `title: Successful logon
id: 22222222-2222-4222-8222-222222222222
name: successful_logon
author: Test Author
tags: [attack.initial-access, attack.t1078]
logsource: { category: authentication }
detection:
  selection: { event.outcome: success }
  condition: selection
level: informational
`;

/** Three failed logons from one address within five minutes; the failed-logon alerts are folded into it. */
export function bruteForce(threshold = 3): string {
  return `title: Brute force from one address
id: 33333333-3333-4333-8333-333333333333
name: brute_force
author: Correlation Author
tags: [attack.credential-access, attack.t1110.001]
correlation:
  type: event_count
  rules: [failed_logon]
  group-by: [src_ip]
  timespan: 5m
  condition: { gte: ${threshold} }
level: high
`;
}

/** A brute force followed by a successful logon from the same address: a chain over brute_force. */
export const BRUTE_FORCE_THEN_SUCCESS = `title: Brute force then success
id: 44444444-4444-4444-8444-444444444444
correlation:
  type: temporal_ordered
  rules: [brute_force, successful_logon]
  group-by: [src_ip]
  timespan: 10m
  generate: true
level: critical
`;

/** A detection rule on the event's `original.stage`, tagged with one ATT&CK tactic. */
export function stageRule(n: number, stage: string, tactic: string): string {
  return `title: Stage ${stage}
id: 5555555${n}-5555-4555-8555-555555555555
author: Test Author
tags: [attack.${tactic}]
logsource: { category: authentication }
detection:
  selection: { stage: ${stage} }
  condition: selection
level: medium
`;
}
