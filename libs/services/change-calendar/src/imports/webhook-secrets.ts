/**
 * CHANGE_WEBHOOK_SECRETS: comma-separated `tenant:secret`; a tenant may appear twice while its
 * secret is rotated. Errors name the entry's position, never its text (it is a secret).
 */
export function parseWebhookSecrets(raw: string | undefined): Map<string, string[]> {
  const byTenant = new Map<string, string[]>();
  if (!raw) return byTenant;
  raw.split(',').forEach((entry, index) => {
    const at = entry.indexOf(':');
    const tenant = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    if (at <= 0 || !tenant || secret.length < 16) throw new Error(`entry ${index + 1} is not tenant:secret with a secret of at least 16 characters`);
    byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), secret]);
  });
  return byTenant;
}
