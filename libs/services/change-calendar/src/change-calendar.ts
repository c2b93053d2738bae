import { Injectable } from '@nestjs/common';
import type { Change } from '@quell/contracts';

/**
 * The changes alerts are screened against. Empty in the walking skeleton; the change-calendar
 * issue fills it from the compacted changes topic and the HTTP API.
 */
@Injectable()
export class ChangeCalendar {
  private readonly byId = new Map<string, Change>();

  upsert(change: Change): void {
    const current = this.byId.get(change.id);
    if (!current || current.version <= change.version) this.byId.set(change.id, change);
  }

  all(): Change[] {
    return [...this.byId.values()];
  }
}
