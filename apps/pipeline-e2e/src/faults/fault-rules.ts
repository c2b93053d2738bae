// The rules every fault scenario runs: a detection that matches every event sent (so each event
// gives exactly one detection alert, whose id derives from the event id) and a per-host event_count
// correlation whose final count must equal the events sent for that host.

export const EVERY_EVENT_RULE_ID = '66666666-6666-4666-8666-666666666666';
export const PER_HOST_COUNT_ID = '77777777-7777-4777-8777-777777777777';

export const EVERY_EVENT = `title: Fault probe
id: ${EVERY_EVENT_RULE_ID}
name: fault_probe
author: Fault Tests
logsource: { category: authentication }
detection:
  selection: { event.outcome: failure }
  condition: selection
level: low
`;

// gte 1: the episode opens with the first event and every later one updates it, so the alert's
// last eventCount is the number of distinct events the window counted for the host.
export const PER_HOST_COUNT = `title: Fault probe per host
id: ${PER_HOST_COUNT_ID}
author: Fault Tests
correlation:
  type: event_count
  rules: [fault_probe]
  group-by: [host.name]
  timespan: 1h
  condition: { gte: 1 }
  # Sigma: without it, the rules a correlation references raise no alerts of their own.
  generate: true
level: low
`;
