import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_STORE, StaleVersionError, type DocumentRef, type DocumentStore } from '@quell/platform-state';

/** Longer than the letters are kept (30 days), so a claim never ends before its letter. */
const CLAIM_TTL_MS = 31 * 24 * 3600 * 1000;
// WARNING: durable; the document that claims a letter's one replay. Changing it allows a second replay of letters replayed before.
const claimRef = (tenant: string | null, id: string): DocumentRef => ({ tenant: tenant ?? 'no-tenant', key: `dead-letter-replay:${id}` });

/**
 * A letter's one replay, claimed in the document store (Redis in the distributed mode, the state
 * file in the all-in-one) by a create-if-absent write: of two requests, on one replica or two, one
 * wins and the other gets 409, which ClickHouse, without a conditional write, cannot decide.
 */
@Injectable()
export class ReplayClaims {
  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  /** True when this call claimed the replay, false when it was claimed before. */
  async claim(tenant: string | null, id: string, by: string, at: number): Promise<boolean> {
    try {
      await this.store.put(claimRef(tenant, id), { by, at }, { ifVersion: 0, ttlMs: CLAIM_TTL_MS });
      return true;
    } catch (error) {
      if (error instanceof StaleVersionError) return false;
      throw error;
    }
  }

  /** Gives the claim back (the publish failed), so the letter can be replayed again. */
  async release(tenant: string | null, id: string): Promise<void> {
    await this.store.delete(claimRef(tenant, id));
  }
}
