import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { Alert } from '@quell/contracts';
import type { AlertVerdict } from '@quell/calendar';
import { freezeFindingAlertOf } from './freeze-finding-alert';

/** (change, freeze) pairs remembered as raised; the least lately raised is forgotten first (a repeat then has the same id). */
const REMEMBERED = 10_000;

/**
 * Raises a change-in-freeze governance alert once per (change, freeze) in this process: the first
 * alert covered by the pair raises it, and so does that same alert delivered again (the batch may
 * not have been committed), with the same derived id. Other alerts of the pair raise nothing more;
 * after a restart the pair is raised again with the same id and fingerprint, which the deduper folds.
 */
@Injectable()
export class FreezeFindings {
  private readonly raisedBy = new LRUCache<string, string>({ max: REMEMBERED });

  /** One batch: a pair is raised at most once in it, whichever of its alerts come first. */
  batch(): { raise(verdict: AlertVerdict): Alert[] } {
    const inBatch = new Set<string>();
    return {
      raise: (verdict) => {
        const finding = verdict.finding;
        if (!finding) return [];
        const key = `${verdict.alert.tenant}\u0000${finding.change.id}\u0000${finding.freeze.id}`;
        const by = this.raisedBy.peek(key);
        if (inBatch.has(key) || (by !== undefined && by !== verdict.alert.id)) return [];
        inBatch.add(key);
        this.raisedBy.set(key, verdict.alert.id);
        return [freezeFindingAlertOf(verdict.alert, finding)];
      },
    };
  }
}
