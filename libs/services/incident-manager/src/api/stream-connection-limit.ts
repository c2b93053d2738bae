/**
 * Open incident streams per tenant on this replica: each holds a socket and a subscription for as
 * long as the client stays, so one tenant's clients (a dashboard wall, a reconnect loop) must not
 * take them all. `acquire` answers a release function, idempotent (a stream ends through both its
 * request and its response), or null when the tenant is at its cap.
 */
export class StreamConnectionLimit {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerTenant: number) {}

  acquire(tenant: string): (() => void) | null {
    const count = this.open.get(tenant) ?? 0;
    if (count >= this.maxPerTenant) return null;
    this.open.set(tenant, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(tenant) ?? 1) - 1;
      if (left > 0) this.open.set(tenant, left);
      else this.open.delete(tenant);
    };
  }

  count(tenant: string): number {
    return this.open.get(tenant) ?? 0;
  }
}
