import { selectRefusal } from './select-statement';

describe('selectRefusal (over the text formatQuery gives back)', () => {
  it('lets a SELECT or WITH … SELECT through, whatever its quoted text says', () => {
    expect(selectRefusal('SELECT 1')).toBeUndefined();
    expect(selectRefusal('WITH a AS\n    (\n        SELECT 1\n    )\nSELECT *\nFROM a')).toBeUndefined();
    expect(selectRefusal("SELECT 'SETTINGS readonly = 0', `INTO`, \"FORMAT\" FROM t WHERE x = 'it\\'s'")).toBeUndefined();
    expect(selectRefusal("SELECT format('{} INTO', 'x') AS f")).toBeUndefined();
  });

  it('names the statement it refuses', () => {
    expect(selectRefusal('INSERT INTO t FORMAT Values')).toBe('only a SELECT (or WITH … SELECT) runs here, not INSERT');
    expect(selectRefusal('DROP TABLE quell.quell_events')).toMatch(/not DROP$/);
    expect(selectRefusal('')).toMatch(/not an empty statement$/);
  });

  it('refuses SETTINGS anywhere, INTO OUTFILE and a FORMAT clause', () => {
    expect(selectRefusal('SELECT *\nFROM\n(\n    SELECT 1\n    SETTINGS readonly = 0\n)')).toMatch(/^SETTINGS is not allowed/);
    expect(selectRefusal("SELECT 1\nINTO OUTFILE '/tmp/x'")).toMatch(/^INTO OUTFILE is not allowed/);
    expect(selectRefusal('SELECT 1\nFORMAT CSV')).toMatch(/^FORMAT is not allowed/);
  });

  it('skips a doubled quote inside a string as one quote', () => {
    expect(selectRefusal("SELECT 'a'' SETTINGS x' AS s")).toBeUndefined();
    expect(selectRefusal("SELECT 'a''' AS s SETTINGS x = 1")).toMatch(/^SETTINGS/);
  });
});
