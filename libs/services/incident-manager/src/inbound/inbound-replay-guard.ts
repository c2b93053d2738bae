import type { InboundProvider } from '@quell/notify';
import { StaleVersionError, type DocumentRef, type DocumentStore } from '@quell/platform-state';

/**
 * Remembers each verified inbound delivery by its matched signature, so a captured request sent
 * again (within Slack's five minutes, or at any time for PagerDuty and Jira, which sign no time)
 * has no second effect: a resolve replayed after a reopen would close the incident again. The
 * signature covers the body and, where the provider signs one, the timestamp, so a provider's own
 * retry of a delivery is the same key too. Claimed before acting (a create that fails when the
 * document exists: Redis across replicas, memory in the all-in-one), released when acting failed
 * for a reason a retry could get past.
 */
export class InboundReplayGuard {
  constructor(
    private readonly documents: DocumentStore,
    private readonly ttlMs: number,
  ) {}

  /** True for the first delivery with this signature; false for a repeat within the TTL. */
  async claim(tenant: string, provider: InboundProvider, signature: string, now: number): Promise<boolean> {
    try {
      await this.documents.put(refOf(tenant, provider, signature), { at: now }, { ifVersion: 0, ttlMs: this.ttlMs });
      return true;
    } catch (error) {
      if (error instanceof StaleVersionError) return false;
      throw error;
    }
  }

  async release(tenant: string, provider: InboundProvider, signature: string): Promise<void> {
    await this.documents.delete(refOf(tenant, provider, signature));
  }
}

/** WARNING: durable (Redis key of a seen delivery); changing it lets the deliveries seen before be replayed once more. */
function refOf(tenant: string, provider: InboundProvider, signature: string): DocumentRef {
  return { tenant, key: `inbound-delivery:${provider}:${signature.toLowerCase()}` };
}
