import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@quell/platform-config';
import type { Logger } from '@quell/platform-observability';
import { waitFor } from '@quell/platform-testing';
import { normalizerConfigSchema } from '../config';
import { testEvent } from '../test/test-event';
import { AssetEnrichmentService } from './asset-enrichment.service';

function inventory(service: string, owner: string): string {
  return `assets:\n  - host: web-1\n    service: ${service}\n    owner: ${owner}\n    criticality: high\n    environment: production\n`;
}

describe('AssetEnrichmentService', () => {
  const errors: string[] = [];
  const logger = { info: () => undefined, error: (_obj: object, msg?: string) => errors.push(msg ?? '') } as unknown as Logger;
  const dir = mkdtempSync(join(tmpdir(), 'quell-assets-'));
  const path = join(dir, 'assets.yaml');
  const config = (extra: Record<string, string>) => loadConfig(normalizerConfigSchema, { BUS: 'memory', ...extra });
  const services: AssetEnrichmentService[] = [];
  afterAll(() => services.forEach((s) => s.onModuleDestroy()));

  it('passes events through untouched without an inventory', () => {
    const event = testEvent();
    expect(new AssetEnrichmentService(config({}), logger).enrich(event)).toBe(event);
  });

  it('follows the file as it is rewritten, keeping the last good version when a new one is invalid', async () => {
    writeFileSync(path, inventory('shop', 'team-web'));
    const service = new AssetEnrichmentService(config({ NORMALIZER_ASSET_INVENTORY: path }), logger);
    services.push(service);
    const serviceOf = () => service.enrich(testEvent({ host: { name: 'web-1', ip: null } })).service;

    const first = service.enrich(testEvent({ host: { name: 'web-1', ip: null }, tags: ['t'] }));
    expect(first.service).toBe('shop');
    expect(first.tags).toEqual(['t', 'asset.owner:team-web', 'asset.criticality:high', 'asset.environment:production']);

    // Rewritten in place.
    writeFileSync(path, inventory('checkout', 'team-pay'));
    await waitFor(() => (serviceOf() === 'checkout' ? true : undefined), { description: 'the rewritten inventory', timeoutMs: 5_000 });

    // An invalid version is refused and logged; the previous inventory stays in force.
    writeFileSync(path, 'assets:\n  - ip: 999.1.1.1\n');
    await waitFor(() => (errors.some((m) => /invalid/.test(m)) ? true : undefined), { description: 'an error log', timeoutMs: 5_000 });
    expect(serviceOf()).toBe('checkout');

    // Replaced atomically (written aside, renamed over), as editors and config tools do.
    writeFileSync(join(dir, 'assets.yaml.tmp'), inventory('storefront', 'team-web'));
    renameSync(join(dir, 'assets.yaml.tmp'), path);
    await waitFor(() => (serviceOf() === 'storefront' ? true : undefined), { description: 'the replaced inventory', timeoutMs: 5_000 });
  });

  it('refuses to start on an inventory path that cannot be read', () => {
    expect(() => new AssetEnrichmentService(config({ NORMALIZER_ASSET_INVENTORY: join(dir, 'missing.yaml') }), logger)).toThrow(/ENOENT/);
  });

  it('starts without an inventory that does not parse, says why, and takes the fixed file on change', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '[{"service": "no key"}]');
    errors.length = 0;
    const service = new AssetEnrichmentService(config({ NORMALIZER_ASSET_INVENTORY: bad }), logger);
    services.push(service);
    expect(errors).toEqual(['asset inventory invalid; starting without one until the file is fixed']);
    expect(service.enrich(testEvent({ host: { name: 'web-1', ip: null } })).service).toBeNull();
    writeFileSync(bad, JSON.stringify([{ host: 'web-1', service: 'shop' }]));
    await waitFor(() => (service.enrich(testEvent({ host: { name: 'web-1', ip: null } })).service === 'shop' ? true : undefined), {
      description: 'the fixed inventory',
      timeoutMs: 5_000,
    });
  });
});
