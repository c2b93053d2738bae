import { Type } from 'avsc';
import { defaultOnlyRecordPaths, writesSilentDefaults } from './default-record-guards';
import { loadSchemaCatalog } from './schema-catalog';
import { SCHEMA_NAMES } from './schema-names';

const defaults = { type: 'record', name: 'Defaults', fields: [{ name: 'on', type: 'boolean', default: false }] };
const typeOf = (fields: unknown[]) => Type.forSchema({ type: 'record', name: 'Root', fields } as never);

describe('defaultOnlyRecordPaths', () => {
  it('finds the records of defaults only in the contracts: Alert.suppression and Change.scope', () => {
    const catalog = loadSchemaCatalog();
    const found = Object.fromEntries(SCHEMA_NAMES.map((name) => [name, defaultOnlyRecordPaths(Type.forSchema(catalog.current[name].schema))]));
    expect(found).toEqual({ RawEvent: [], Event: [], Alert: [['suppression']], Incident: [], Change: [['scope']], RuleMatch: [], NotificationOutcome: [] });
  });

  it('follows records and unions', () => {
    const nested = typeOf([{ name: 'outer', type: ['null', { type: 'record', name: 'Outer', fields: [{ name: 'inner', type: defaults }, { name: 'id', type: 'string' }] }] }]);
    expect(defaultOnlyRecordPaths(nested)).toEqual([['outer', 'inner']]);
  });

  it('gives up (the schema then gets the full check) for one inside an array or a map', () => {
    expect(defaultOnlyRecordPaths(typeOf([{ name: 'list', type: { type: 'array', items: defaults } }]))).toBeUndefined();
    expect(defaultOnlyRecordPaths(typeOf([{ name: 'byKey', type: { type: 'map', values: defaults } }]))).toBeUndefined();
  });
});

describe('writesSilentDefaults', () => {
  const paths = [['outer', 'inner']];

  it('flags a primitive where the record is expected', () => {
    expect(writesSilentDefaults({ outer: { inner: 'yes' } }, paths)).toBe(true);
    expect(writesSilentDefaults({ outer: { inner: 1 } }, paths)).toBe(true);
  });

  it('leaves records, a missing or null value and a missing parent to the writer', () => {
    for (const value of [{ outer: { inner: { on: true } } }, { outer: { inner: undefined } }, { outer: { inner: null } }, { outer: null }, {}]) {
      expect(writesSilentDefaults(value, paths)).toBe(false);
    }
  });
});
