import { approveChange, cancelChange, ChangeTransitionError, completeChange, newChange, rejectChange, reviseChange } from './change-lifecycle';
import type { ChangeDraft } from './change-input';
import { scopeOf, windowOf } from './test/changes';

const draft: ChangeDraft = {
  title: 'VPN rule update', ticketRef: 'CHG0031', kind: 'normal', status: 'requested', owner: 'netops',
  scope: scopeOf({ hosts: ['fw-01'] }), windows: [windowOf(1_000, 2_000)],
};

describe('change lifecycle', () => {
  const requested = newChange(draft, 'CHG-1', 'acme');

  it('starts at version 1 with no decisions', () => {
    expect(requested).toMatchObject({ id: 'CHG-1', tenant: 'acme', status: 'requested', approver: null, approvals: [], version: 1 });
  });

  it('records who approved and when, as a new version', () => {
    const approved = approveChange(requested, { by: 'cab', at: 500, comment: 'ok' });
    expect(approved).toMatchObject({ status: 'approved', approver: 'cab', version: 2, approvals: [{ by: 'cab', at: 500, decision: 'approved', comment: 'ok' }] });
    expect(requested.approvals).toEqual([]);
  });

  it('records a rejection without naming an approver', () => {
    expect(rejectChange(requested, { by: 'cab', at: 500 })).toMatchObject({ status: 'rejected', approver: null, approvals: [{ decision: 'rejected', comment: null }] });
  });

  it('refuses transitions the lifecycle does not allow', () => {
    const cancelled = cancelChange(requested);
    expect(() => approveChange(cancelled, { by: 'cab', at: 1 })).toThrow(new ChangeTransitionError('cannot move change CHG-1 from cancelled to approved'));
    expect(() => completeChange(requested)).toThrow(/from requested to completed/);
    expect(() => reviseChange(completeChange(approveChange(requested, { by: 'cab', at: 1 })), draft)).toThrow('cannot revise a completed change');
  });

  it('sends an approved change back for approval when its scope or windows change, keeping the history', () => {
    const approved = approveChange(requested, { by: 'cab', at: 500 });
    const retitled = reviseChange(approved, { ...draft, title: 'VPN rule update (night)' });
    expect(retitled).toMatchObject({ status: 'approved', approver: 'cab', version: 3 });
    const widened = reviseChange(approved, { ...draft, scope: scopeOf({ hosts: ['fw-*'] }) });
    expect(widened).toMatchObject({ status: 'requested', approver: null, version: 3, approvals: [{ decision: 'approved' }] });
  });
});
