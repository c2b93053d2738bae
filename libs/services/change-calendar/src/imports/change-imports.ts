import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Change } from '@quell/contracts';
import {
  changeFromImport,
  changeUpdatedByImport,
  countImportPlan,
  formatImportPlan,
  importChanges,
  ImportFormatError,
  planImport,
  type ChangeLimits,
  type ImportPlan,
  type ImportRequest,
} from '@quell/calendar';
import { problem } from '@quell/platform-http';
import { CHANGE_LIMITS } from '../api/change-commands';
import { ChangeCalendar } from '../change-calendar';

export type ImportInput = Pick<ImportRequest, 'source' | 'format' | 'text' | 'timeZone' | 'jiraFieldNames'>;

/** What an import did (or, dry, would do): counts, the plan, readable lines, and the ids written. */
export interface ImportOutcome {
  dryRun: boolean;
  counts: ReturnType<typeof countImportPlan>;
  plan: ImportPlan;
  lines: string[];
  written: { changeId: string; ticketRef: string; version: number }[];
}

/**
 * ITSM exports and pushes into the calendar, idempotent by ticket reference: a row whose ticket is
 * already there with the same fields is unchanged, one that differs is a new version, a new
 * ticket a new change. Row errors are reported and the rest imported; an unreadable file is a 400.
 */
@Injectable()
export class ChangeImports {
  constructor(
    private readonly calendar: ChangeCalendar,
    @Inject(CHANGE_LIMITS) private readonly limits: ChangeLimits,
  ) {}

  async run(tenant: string, input: ImportInput, dryRun: boolean): Promise<ImportOutcome> {
    const plan = planImport(tenant, [...this.calendar.of(tenant)], this.read(input));
    const outcome = { dryRun, counts: countImportPlan(plan), plan, lines: formatImportPlan(plan), written: [] as ImportOutcome['written'] };
    if (dryRun) return outcome;
    const now = this.calendar.now();
    for (const create of plan.create) outcome.written.push(refOf(await this.calendar.save(changeFromImport(create, randomUUID(), tenant, now))));
    for (const update of plan.update) {
      const current = this.calendar.get(tenant, update.changeId);
      // Planned against this replica's copy a moment ago; gone since (cancel elsewhere) is reported, not guessed.
      if (!current) throw problem(409, `change ${update.changeId} (ticket ${update.ticketRef}) changed while importing; import again`);
      outcome.written.push(refOf(await this.calendar.save(changeUpdatedByImport(current, update, now))));
    }
    return outcome;
  }

  private read(input: ImportInput) {
    try {
      return importChanges({ ...input, limits: this.limits });
    } catch (error) {
      if (error instanceof ImportFormatError) throw problem(400, error.message, { type: 'urn:quell:problem:unreadable-import' });
      throw error;
    }
  }
}

const refOf = (change: Change) => ({ changeId: change.id, ticketRef: change.ticketRef ?? '', version: change.version });
