import { Inject, Injectable } from '@nestjs/common';
import type { Incident } from '@quell/contracts';
import { STATE_STORE, type StateStore } from '@quell/platform-service-kit';

/** Current incident state by id. WARNING: the key format `incident:<id>` must not change silently. */
@Injectable()
export class IncidentRepository {
  constructor(@Inject(STATE_STORE) private readonly store: StateStore) {}

  async get(id: string): Promise<Incident | null> {
    const json = await this.store.get(`incident:${id}`);
    return json ? (JSON.parse(json) as Incident) : null;
  }

  async save(incident: Incident): Promise<void> {
    await this.store.set(`incident:${incident.id}`, JSON.stringify(incident));
  }
}
