import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Change } from '@quell/contracts';
import {
  approveChange,
  cancelChange,
  ChangeTransitionError,
  draftWarnings,
  findOverlaps,
  newChange,
  parseChangeDraft,
  rejectChange,
  reviseChange,
  type ChangeDraft,
  type ChangeLimits,
  type ChangeOverlap,
  type InputProblem,
} from '@quell/calendar';
import { CHANGE_HISTORY, type ChangeHistory } from '@quell/platform-change-history';
import { checkIfMatch, problem } from '@quell/platform-http';
import { ChangeCalendar } from '../change-calendar';

export const CHANGE_LIMITS = Symbol('CHANGE_LIMITS');

/** How far ahead overlaps and DST warnings are looked for, from the change's first window. */
const OVERLAP_REACH_MS = 90 * 24 * 3_600_000;

/** A saved version with what the author should know: overlapping changes and skipped dates. */
export interface SavedChange {
  change: Change;
  overlaps: ChangeOverlap[];
  warnings: InputProblem[];
}

/** The API's use cases: validated drafts in, new versions published to every replica. */
@Injectable()
export class ChangeCommands {
  constructor(
    private readonly calendar: ChangeCalendar,
    @Inject(CHANGE_LIMITS) private readonly limits: ChangeLimits,
    @Inject(CHANGE_HISTORY) private readonly history: ChangeHistory,
  ) {}

  async create(tenant: string, body: unknown): Promise<SavedChange> {
    const draft = this.validDraft(body);
    if (draft.status !== 'requested') {
      throw problem(400, 'a new change is requested; approve or reject it with POST /v1/changes/{id}/approve or /reject', {
        errors: [{ location: 'body', path: 'status', message: `is ${draft.status}; a new change must be requested` }],
      });
    }
    return this.saved(await this.calendar.save(newChange(draft, randomUUID(), tenant)), draft);
  }

  async revise(tenant: string, id: string, ifMatch: string | undefined, body: unknown): Promise<SavedChange> {
    const current = this.current(tenant, id, ifMatch);
    const draft = this.validDraft(body);
    // First, so a cancelled or completed change answers 409 whatever status the body gives.
    const revised = transition(() => reviseChange(current, draft));
    if (draft.status !== current.status) {
      const given = typeof body === 'object' && body !== null && 'status' in body ? `is ${draft.status}` : `is ${draft.status} when left out`;
      throw problem(400, 'status changes through approve, reject and cancel', {
        errors: [{ location: 'body', path: 'status', message: `${given}; it must stay ${current.status}, the change's status` }],
      });
    }
    return this.saved(await this.calendar.save(revised), draft);
  }

  async decide(tenant: string, id: string, ifMatch: string | undefined, decision: 'approve' | 'reject', by: string, comment: string | null): Promise<Change> {
    const current = this.current(tenant, id, ifMatch, false);
    const decide = decision === 'approve' ? approveChange : rejectChange;
    return this.calendar.save(transition(() => decide(current, { by, at: this.calendar.now(), comment })));
  }

  async cancel(tenant: string, id: string, ifMatch: string | undefined): Promise<Change> {
    const current = this.current(tenant, id, ifMatch, false);
    return this.calendar.save(transition(() => cancelChange(current)));
  }

  find(tenant: string, id: string): Change {
    const change = this.calendar.get(tenant, id);
    if (!change) throw problem(404, `no change ${id}`);
    return change;
  }

  /** The mirrored versions, and the latest this replica holds if the mirror has not stored it yet. */
  async versions(tenant: string, id: string): Promise<Change[]> {
    const latest = this.find(tenant, id);
    const stored = await this.history.versions(tenant, id);
    const newest = stored[stored.length - 1]?.version ?? 0;
    return newest < latest.version ? [...stored, latest] : stored;
  }

  /** The change, checked against If-Match: required for an edit, optional (but honoured) for a decision. */
  private current(tenant: string, id: string, ifMatch: string | undefined, required = true): Change {
    const change = this.find(tenant, id);
    checkIfMatch(ifMatch, { current: change.version, required });
    return change;
  }

  private validDraft(body: unknown): ChangeDraft {
    const parsed = parseChangeDraft(body, this.limits);
    if (parsed.ok) return parsed.draft;
    const errors = parsed.problems.map((p) => ({ location: 'body', ...p }));
    throw problem(400, `invalid change: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, {
      type: 'urn:quell:problem:invalid-request',
      errors,
    });
  }

  private saved(change: Change, draft: ChangeDraft): SavedChange {
    const from = Math.min(...change.windows.map((w) => w.start));
    const to = from + OVERLAP_REACH_MS;
    const others = [...this.calendar.of(change.tenant)];
    const overlaps = findOverlaps(others, from, to).filter((o) => o.changeIds.includes(change.id));
    return { change, overlaps, warnings: draftWarnings(draft, from, to) };
  }
}

/** A move the lifecycle refuses is a conflict with the change's current state: 409 with the reason. */
function transition(move: () => Change): Change {
  try {
    return move();
  } catch (error) {
    if (error instanceof ChangeTransitionError) throw problem(409, error.message, { type: 'urn:quell:problem:change-transition' });
    throw error;
  }
}
