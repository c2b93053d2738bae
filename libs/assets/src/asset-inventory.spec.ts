import { AssetInventory } from './asset-inventory';
import { enrichWithAsset } from './enrich-event';
import { InventoryError, inventoryFormatOf, parseInventory } from './parse-inventory';

const YAML = `
assets:
  - host: web-1
    service: shop
    owner: team-web
    criticality: high
    environment: production
  - ip: 10.0.0.0/8
    service: corp-network
    owner: netops
  - cidr: 10.1.0.0/16
    service: datacenter
    criticality: medium
  - ip: 10.1.2.3
    service: db
  - ip: 2001:db8::/32
    service: v6-lab
`;

describe('AssetInventory', () => {
  const inventory = parseInventory(YAML, 'yaml');

  it('matches a host name whatever its case', () => {
    expect(inventory.lookup({ hostName: 'WEB-1' })).toEqual({ service: 'shop', owner: 'team-web', criticality: 'high', environment: 'production' });
  });

  it('prefers the host name to any address range', () => {
    expect(inventory.lookup({ hostName: 'web-1', ip: '10.1.2.3' })?.service).toBe('shop');
  });

  it('picks the longest matching prefix', () => {
    expect(inventory.lookup({ ip: '10.1.2.3' })?.service).toBe('db');
    expect(inventory.lookup({ ip: '10.1.9.9' })?.service).toBe('datacenter');
    expect(inventory.lookup({ ip: '10.200.0.1' })?.service).toBe('corp-network');
    expect(inventory.lookup({ hostName: 'unknown', ip: '10.1.9.9' })?.service).toBe('datacenter');
  });

  it('matches IPv6 ranges and IPv4-mapped IPv6 addresses', () => {
    expect(inventory.lookup({ ip: '2001:db8::1' })?.service).toBe('v6-lab');
    expect(inventory.lookup({ ip: '::ffff:10.1.2.3' })?.service).toBe('db');
  });

  it('finds nothing for unknown hosts, outside addresses and non-addresses', () => {
    expect(inventory.lookup({ hostName: 'web-9', ip: '192.0.2.1' })).toBeUndefined();
    expect(inventory.lookup({ ip: 'not-an-ip' })).toBeUndefined();
    expect(inventory.lookup({})).toBeUndefined();
  });

  it('does not depend on the order of entries', () => {
    const reversed = new AssetInventory([
      { ip: '10.1.2.3', service: 'db' },
      { ip: '10.0.0.0/8', service: 'corp-network' },
    ]);
    expect(reversed.lookup({ ip: '10.1.2.3' })?.service).toBe('db');
    expect(reversed.size).toBe(2);
  });
});

describe('parseInventory', () => {
  it('reads JSON as a list or as { assets }', () => {
    const list = parseInventory(JSON.stringify([{ host: 'a', service: 's1' }]), 'json');
    const wrapped = parseInventory(JSON.stringify({ assets: [{ ip: '192.0.2.0/24', owner: 'o' }] }), 'json');
    expect(list.lookup({ hostName: 'a' })).toEqual({ service: 's1' });
    expect(wrapped.lookup({ ip: '192.0.2.7' })).toEqual({ owner: 'o' });
  });

  it('reads CSV with a header row, blank cells meaning absent, comments skipped', () => {
    const csv = ['# exported from the CMDB', 'Host,IP,Service,Owner,Criticality,Environment', 'web-1,,shop,team-web,high,production', ',10.0.0.0/8,corp,netops,,'].join('\n');
    const inventory = parseInventory(csv, 'csv');
    expect(inventory.lookup({ hostName: 'web-1' })).toEqual({ service: 'shop', owner: 'team-web', criticality: 'high', environment: 'production' });
    expect(inventory.lookup({ ip: '10.9.9.9' })).toEqual({ service: 'corp', owner: 'netops' });
  });

  it('refuses entries without a key or with a bad address, naming the entry', () => {
    expect(() => parseInventory('[{"service": "x"}]', 'json')).toThrow(/0: an entry needs a host or an ip\/cidr/);
    expect(() => parseInventory('- ip: 10.0.0.300\n', 'yaml')).toThrow(/0.ip: ip\/cidr is not an address/);
    expect(() => parseInventory('{ nope', 'json')).toThrow(InventoryError);
    expect(() => parseInventory('assets: 3', 'yaml')).toThrow(InventoryError);
  });

  it('takes the format from the file extension', () => {
    expect(inventoryFormatOf('/etc/quell/assets.YML')).toBe('yaml');
    expect(inventoryFormatOf('assets.csv')).toBe('csv');
    expect(() => inventoryFormatOf('assets.txt')).toThrow(/unknown extension/);
  });
});

describe('enrichWithAsset', () => {
  const inventory = parseInventory(YAML, 'yaml');
  const event = { service: 'from-record', tags: ['x'], host: { name: 'web-1', ip: null } } as unknown as Parameters<typeof enrichWithAsset>[0];

  it('sets the service and adds the asset tags once', () => {
    const enriched = enrichWithAsset(event, inventory);
    expect(enriched.service).toBe('shop');
    expect(enriched.tags).toEqual(['x', 'asset.owner:team-web', 'asset.criticality:high', 'asset.environment:production']);
    expect(enrichWithAsset(enriched, inventory).tags).toHaveLength(4);
  });

  it('looks up the host address when the name is unknown, and leaves unknown assets alone', () => {
    const byIp = enrichWithAsset({ ...event, host: { name: 'other', ip: '10.1.2.3' } }, inventory);
    expect(byIp.service).toBe('db');
    const unknown = { ...event, host: { name: 'other', ip: '192.0.2.1' } };
    expect(enrichWithAsset(unknown, inventory)).toBe(unknown);
  });
});
