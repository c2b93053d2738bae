import { GlobTable } from './glob-table';

describe('GlobTable', () => {
  const table = new GlobTable<string>();
  for (const pattern of ['fw-*', 'FW-0?', '*.dmz.local', 'db-*-prod', '*-edge-*', 'web?']) table.add(pattern, pattern);

  it.each([
    ['fw-01', ['fw-*', 'FW-0?']],
    ['FW-1', ['fw-*']],
    ['a.dmz.local', ['*.dmz.local']],
    ['db-eu-prod', ['db-*-prod']],
    ['lon-edge-1', ['*-edge-*']],
    ['web1', ['web?']],
    ['mail', []],
  ])('%s matches %j', (name, patterns) => {
    expect(table.lookup(name).sort()).toEqual([...patterns].sort());
  });
});
