/**
 * A secrets setting: comma-separated `tenant:secret`, a tenant listed twice while its secret is
 * rotated. Errors name the entry's position, never its text (it is a secret).
 */
export function parseTenantSecrets(raw: string | undefined, minLength = 16): Map<string, string[]> {
  const byTenant = new Map<string, string[]>();
  for (const [index, entry] of (raw ?? '').split(',').entries()) {
    if (!entry.trim()) continue;
    const at = entry.indexOf(':');
    const tenant = entry.slice(0, Math.max(at, 0)).trim();
    const secret = entry.slice(at + 1).trim();
    if (at <= 0 || !tenant || secret.length < minLength) throw new Error(`entry ${index + 1} is not tenant:secret with a secret of at least ${minLength} characters`);
    byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), secret]);
  }
  return byTenant;
}
