import { emptyIncidentParts, type Alert, type Incident } from '@quell/contracts';
import { loadIncidentFindingSchema, ocsfProblems } from './ocsf-conformance';
import { detailedAlertIds, MAX_FINDING_INFOS, toOcsfIncidentFinding, type IncidentFindingInput } from './ocsf-incident-finding';

const schema = loadIncidentFindingSchema();
const T0 = Date.UTC(2026, 10, 28, 2, 14, 7);

function alert(id: string, overrides: Partial<Alert> = {}): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'sigma-brute', title: 'Brute force then success', version: '3', level: 'high', author: 'SigmaHQ', tags: [] },
    kind: 'correlation', entities: [{ type: 'ip', value: '203.0.113.7' }], fingerprint: 'fp', firstSeen: T0, lastSeen: T0 + 60_000,
    eventCount: 12, sampleEventIds: [], tactics: ['credential-access'], techniques: ['T1110.003', 'T1078'], killChainPhase: 'credential-access',
    explanation: '11 failures then a success from 203.0.113.7', details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
    ...overrides,
  };
}

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: '019ac8f2-0000-7000-8000-000000000001', tenant: 'acme', title: 'Brute force on dc01', status: 'open', severity: 'high', priority: 2,
    services: ['identity'], entities: [{ type: 'host', value: 'dc01' }, { type: 'user', value: 'admin' }, { type: 'ip', value: '203.0.113.7' }, { type: 'service', value: 'identity' }],
    alertIds: ['a1', 'a2'], alertCount: 2, firstSeen: T0, lastSeen: T0 + 60_000, killChainPhases: ['credential-access'], relatedChangeIds: [],
    assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 1, ...overrides,
  };
}

/** An incident with every Incident v3 field filled, resolved. */
function incidentV3(): Incident {
  return incident({
    status: 'resolved', version: 6, occurrenceCount: 40, ruleIds: ['sigma-brute'], techniques: ['T1110.003', 'T1078', 'T1110.003'],
    priorityFactors: [{ id: 'service-criticality', label: 'critical service identity', op: '×', weight: 2, contribution: 4 }],
    priorityReason: 'P1 because: critical service identity (×2)', resolution: 'false_positive', resolvedAt: T0 + 3_600_000,
    tickets: { servicenow: 'INC0010023', jira: 'SOC-42' },
  });
}

function finding(overrides: Partial<IncidentFindingInput> = {}) {
  return toOcsfIncidentFinding({
    incident: incident(), alerts: [alert('a1'), alert('a2', { tactics: ['discovery', 'lateral-movement'], techniques: [] })],
    time: T0 + 90_000, productVersion: '0.14.0', unassignedGroup: 'soc-triage', ...overrides,
  });
}

describe('toOcsfIncidentFinding', () => {
  it(`conforms to OCSF ${schema.ocsf_version} Incident Finding: required attributes, enums, types and constraints`, () => {
    expect(schema.class.uid).toBe(2005);
    const variants = [
      finding(),
      finding({ incident: incident({ status: 'acknowledged', assignee: 'alice', version: 4 }), priorityReason: 'P2 because: high severity', impact: 'critical', url: 'https://quell.example/incidents/1' }),
      finding({ incident: incident({ status: 'resolved', version: 7, priority: 5, severity: 'info' }), resolution: 'false_positive' }),
      finding({ incident: incident({ status: 'closed', version: 8, severity: 'critical', priority: 1 }), resolution: 'closed_by_script' }),
      finding({ alerts: [] }),
      finding({ incident: incidentV3() }),
      finding({ incident: incident({ status: 'closed', mergedInto: 'other-incident', version: 3 }) }),
    ];
    for (const variant of variants) expect(ocsfProblems(variant, schema)).toEqual([]);
  });

  it('is Create for the first version, Update after, Close once closed; type_uid follows', () => {
    expect(finding()).toMatchObject({ class_uid: 2005, category_uid: 2, activity_id: 1, type_uid: 200501 });
    expect(finding({ incident: incident({ version: 2 }) })).toMatchObject({ activity_id: 2, activity_name: 'Update', type_uid: 200502 });
    expect(finding({ incident: incident({ status: 'closed', version: 9 }) })).toMatchObject({ activity_id: 3, type_uid: 200503, status_id: 5 });
  });

  it('maps status, severity and Quell priorities P1–P5 onto the OCSF ids', () => {
    expect(finding().status_id).toBe(1);
    expect(finding({ incident: incident({ assignee: 'alice' }) }).status_id).toBe(2);
    expect(finding({ incident: incident({ status: 'acknowledged' }) }).status_id).toBe(2);
    expect(finding({ incident: incident({ status: 'resolved' }) }).status_id).toBe(4);
    expect(finding({ incident: incident({ status: 'snoozed' }) })).toMatchObject({ status_id: 99, status: 'snoozed' });
    const severities = ['info', 'low', 'medium', 'high', 'critical', 'bogus'].map((severity) => finding({ incident: incident({ severity }) }).severity_id);
    expect(severities).toEqual([1, 2, 3, 4, 5, 0]);
    const priorities = [1, 2, 3, 4, 5].map((priority) => finding({ incident: incident({ priority }) }));
    expect(priorities.map((f) => f.priority_id)).toEqual([4, 3, 2, 1, 1]);
    expect(priorities.map((f) => f.priority)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
  });

  it('names the owner, or the triage group when nobody owns the incident yet', () => {
    expect(finding()).toMatchObject({ assignee_group: { name: 'soc-triage' } });
    expect(finding().assignee).toBeUndefined();
    expect(finding({ incident: incident({ assignee: 'alice' }) })).toMatchObject({ assignee: { name: 'alice' } });
  });

  it('carries each alert as a finding_info with its rule as analytic and ATT&CK techniques and tactics', () => {
    const [first, second] = finding().finding_info_list;
    expect(first).toMatchObject({ uid: 'a1', title: 'Brute force then success', types: ['correlation'], analytic: { uid: 'sigma-brute', type_id: 1, version: '3' } });
    expect(first.attacks).toEqual([
      { technique: { uid: 'T1110' }, sub_technique: { uid: 'T1110.003' }, tactic: { name: 'credential-access' } },
      { technique: { uid: 'T1078' }, tactic: { name: 'credential-access' } },
    ]);
    expect(second.attacks).toEqual([{ tactic: { name: 'discovery' } }, { tactic: { name: 'lateral-movement' } }]);
    expect(finding({ alerts: [] }).finding_info_list).toEqual([{ uid: 'a1' }, { uid: 'a2' }]);
  });

  it("details the incident's latest MAX_FINDING_INFOS alerts, and counts them all", () => {
    const alertIds = Array.from({ length: 250 }, (_, i) => `a${i + 1}`);
    const big = finding({ incident: incident({ alertIds, alertCount: 250 }), alerts: [alert('a250')] });
    expect(big.finding_info_list.map((info) => info.uid)).toEqual(alertIds.slice(-MAX_FINDING_INFOS));
    expect(big.finding_info_list.at(-1)).toMatchObject({ uid: 'a250', title: 'Brute force then success' });
    expect(big.count).toBe(250);
    expect(detailedAlertIds({ alertIds })).toEqual(alertIds.slice(150));
  });

  it('lists entities as observables and keeps product, tenant and a per-version uid in metadata', () => {
    const f = finding({ incident: incident({ version: 3 }) });
    expect(f.observables.map((o) => o.type_id)).toEqual([1, 4, 2, 99]);
    expect(f.metadata).toMatchObject({ version: '1.7.0', uid: '019ac8f2-0000-7000-8000-000000000001:3', tenant_uid: 'acme', product: { name: 'Quell', version: '0.14.0' } });
  });

  it('reports the business criticality as impact, when known', () => {
    expect(finding({ impact: 'critical' })).toMatchObject({ impact_id: 4, impact: 'critical' });
    expect(finding({ impact: 'low' }).impact_id).toBe(1);
    expect(finding().impact_id).toBeUndefined();
  });

  it('reports the resolution as verdict, keeping a code OCSF lacks as Other', () => {
    expect(finding({ resolution: 'false_positive' })).toMatchObject({ verdict_id: 1, verdict: 'false_positive' });
    expect(finding({ resolution: 'benign' }).verdict_id).toBe(5);
    expect(finding({ resolution: 'closed_by_script' })).toMatchObject({ verdict_id: 99, verdict: 'closed_by_script' });
    expect(finding().verdict_id).toBeUndefined();
  });
});

describe('toOcsfIncidentFinding with the Incident v3 fields', () => {
  it('takes the verdict, the priority reason and the impact from the incident itself', () => {
    expect(finding({ incident: incidentV3() })).toMatchObject({
      verdict_id: 1, verdict: 'false_positive', desc: 'P1 because: critical service identity (×2)', impact_id: 4, impact: 'critical',
      status_id: 4, status_detail: 'resolved as false_positive',
    });
    // What the caller passes still wins.
    expect(finding({ incident: incidentV3(), resolution: 'benign', impact: 'low' })).toMatchObject({ verdict_id: 5, impact_id: 1 });
  });

  it('counts occurrences when the producer does, and reports how long the incident ran', () => {
    expect(finding({ incident: incidentV3() })).toMatchObject({ count: 40, duration: 60_000 });
    expect(finding().count).toBe(2);
  });

  it('lists the ticket of each provider as an External ticket, and the techniques as the finding\'s attacks', () => {
    const f = finding({ incident: incidentV3() });
    expect(f.tickets).toEqual([
      { uid: 'SOC-42', title: 'jira SOC-42', type_id: 2, type: 'External' },
      { uid: 'INC0010023', title: 'servicenow INC0010023', type_id: 2, type: 'External' },
    ]);
    expect(f.attacks).toEqual([{ technique: { uid: 'T1110' }, sub_technique: { uid: 'T1110.003' } }, { technique: { uid: 'T1078' } }]);
    expect(finding().tickets).toBeUndefined();
  });

  it('says which incident a merge folded this one into', () => {
    expect(finding({ incident: incident({ status: 'closed', mergedInto: 'other-incident', version: 3 }) })).toMatchObject({ status_id: 5, status_detail: 'merged into other-incident' });
  });
});

describe('ocsfProblems (the checker itself)', () => {
  it('finds a missing required attribute, a bad enum, a wrong type, an unknown attribute and a broken constraint', () => {
    const good = finding() as unknown as Record<string, unknown>;
    const rest = Object.fromEntries(Object.entries(good).filter(([name]) => name !== 'status_id' && name !== 'assignee_group'));
    const bad = { ...rest, severity_id: 7, time: '2026-11-28', colour: 'red', metadata: { ...(good['metadata'] as object), product: 'Quell' } };
    expect(ocsfProblems(bad, schema)).toEqual(expect.arrayContaining([
      '$.status_id: required',
      '$: needs one of assignee, assignee_group',
      '$.severity_id: 7 is not one of 0, 1, 2, 3, 4, 5, 6, 99',
      '$.time: expected an integer (long_t)',
      '$.colour: not an attribute of incident_finding',
      '$.metadata.product: expected object product',
    ]));
  });
});
