/** Rule texts for the rules-api tests. */
export const ID_CURL = '11111111-1111-4111-8111-111111111111';
export const ID_WGET = '22222222-2222-4222-8222-222222222222';
export const ID_BURST = '33333333-3333-4333-8333-333333333333';

export function detectionRule(id: string, tool: string, level = 'medium'): string {
  return `title: ${tool} download
id: ${id}
status: test
level: ${level}
author: Quell tests
tags:
    - attack.command-and-control
logsource:
    product: linux
    category: process_creation
detection:
    selection:
        Image|endswith: '/${tool}'
    condition: selection
`;
}

export function burstRule(id: string, ref: string): string {
  return `title: Download burst
id: ${id}
level: high
author: Quell tests
correlation:
    type: event_count
    rules:
        - ${ref}
    group-by:
        - host.name
    timespan: 5m
    condition:
        gte: 3
`;
}

/** Polls until `check` returns a value (not undefined), for file-system events that arrive asynchronously. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
