import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { incidentFindingProblems } from '@quell/incidents';
import { incident, T0 } from '../api/test/incident-api-harness';
import { incidentFindingBytes, QUELL_VERSION } from './incident-finding';

describe('incidentFindingBytes', () => {
  it('is OCSF Incident Finding timed by the version’s latest timeline entry, so a replay gives the same bytes', () => {
    const version = incident('i-1', { version: 2, timeline: [{ at: T0, actor: 'quell', action: 'opened', detail: null }, { at: T0 + 5_000, actor: 'ann', action: 'acknowledged', detail: null }] });
    const bytes = incidentFindingBytes(version, []);
    expect(incidentFindingBytes(version, [])).toEqual(bytes);
    const finding = JSON.parse(bytes.toString()) as Record<string, unknown>;
    expect(incidentFindingProblems(finding)).toEqual([]);
    expect(finding).toMatchObject({ time: T0 + 5_000, assignee_group: { name: 'triage' }, metadata: { product: { version: QUELL_VERSION } } });
  });

  it('names the version in package.json as the product version', () => {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { version: string };
    expect(QUELL_VERSION).toBe(pkg.version);
  });
});
