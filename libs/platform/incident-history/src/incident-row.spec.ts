import type { Incident, TimelineEntry } from '@quell/contracts';
import { resolutionOf } from './incident-row';

const entry = (at: number, action: string, detail: string | null = null): TimelineEntry => ({ at, actor: 'bob', action, detail });
const incident = (status: string, timeline: TimelineEntry[]) => ({ status, timeline, lastSeen: 99, resolution: null, resolvedAt: null }) as unknown as Incident;

describe('resolutionOf', () => {
  it('is null while the incident is open or acknowledged', () => {
    expect(resolutionOf(incident('open', [entry(1, 'created')]))).toBeNull();
    expect(resolutionOf(incident('acknowledged', [entry(1, 'resolved', 'false_positive'), entry(2, 'reopened')]))).toBeNull();
  });

  it('takes the code and time of the latest resolved entry, the code being the leading word of its detail', () => {
    const timeline = [entry(1, 'resolved', 'duplicate'), entry(2, 'reopened'), entry(3, 'resolved', 'false_positive: backup job ran')];
    expect(resolutionOf(incident('resolved', timeline))).toEqual({ code: 'false_positive', at: 3 });
    expect(resolutionOf(incident('resolved', [entry(5, 'resolved', 'benign user activity')]))).toEqual({ code: 'benign', at: 5 });
  });

  it('keeps the resolved entry of a closed incident, and falls back to the closing entry', () => {
    expect(resolutionOf(incident('closed', [entry(3, 'resolved', 'true_positive'), entry(4, 'closed')]))).toEqual({ code: 'true_positive', at: 3 });
    expect(resolutionOf(incident('closed', [entry(4, 'closed', null)]))).toEqual({ code: null, at: 4 });
  });

  it('prefers the resolution code and time an Incident v3 carries', () => {
    const v3 = { ...incident('resolved', [entry(3, 'resolved', 'benign: old detail')]), resolution: 'false_positive', resolvedAt: 7 } as Incident;
    expect(resolutionOf(v3)).toEqual({ code: 'false_positive', at: 7 });
  });

  it('uses the last seen time when the capped timeline lost the entry', () => {
    expect(resolutionOf(incident('resolved', [entry(1, 'created')]))).toEqual({ code: null, at: 99 });
  });
});
