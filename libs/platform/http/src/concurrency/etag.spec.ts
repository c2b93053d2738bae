import { ProblemException } from '../problem/problem-details';
import { checkIfMatch, etagOf, parseIfMatch } from './etag';

function refusal(run: () => void): ProblemException {
  try {
    run();
  } catch (error) {
    if (error instanceof ProblemException) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('etagOf', () => {
  it('quotes a version as a strong entity tag', () => {
    expect(etagOf(7)).toBe('"7"');
    expect(etagOf('v3-abc')).toBe('"v3-abc"');
    expect(() => etagOf('a"b')).toThrow(/cannot be an ETag/);
    expect(() => etagOf('')).toThrow(/cannot be an ETag/);
  });
});

describe('parseIfMatch', () => {
  it('reads *, one tag or a list, and nothing from an absent or empty header', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('  ')).toBeUndefined();
    expect(parseIfMatch('*')).toEqual({ any: true });
    expect(parseIfMatch('"7"')).toEqual({ any: false, tags: ['"7"'] });
    expect(parseIfMatch('"7", W/"8" ,"9"')).toEqual({ any: false, tags: ['"7"', 'W/"8"', '"9"'] });
    expect(parseIfMatch(['"1"', '"2"'])).toEqual({ any: false, tags: ['"1"', '"2"'] });
  });

  it('refuses a malformed header with a 400', () => {
    for (const header of ['7', '"7', 'W/7', '"a b"', ',']) {
      const error = refusal(() => parseIfMatch(header));
      expect([header, error.getStatus()]).toEqual([header, 400]);
      expect(error.problem.detail).toMatch(/^If-Match must be/);
    }
  });
});

describe('checkIfMatch', () => {
  it('lets a write through when If-Match names the current version, or * an existing resource', () => {
    expect(() => checkIfMatch('"7"', { current: 7, required: true })).not.toThrow();
    expect(() => checkIfMatch('"6", "7"', { current: 7, required: true })).not.toThrow();
    expect(() => checkIfMatch('*', { current: 1, required: true })).not.toThrow();
    expect(() => checkIfMatch(undefined, { current: 7, required: false })).not.toThrow();
  });

  it('answers 428 when a write requires If-Match and it is absent', () => {
    const error = refusal(() => checkIfMatch(undefined, { current: 7, required: true }));
    expect(error.problem).toMatchObject({ status: 428, title: 'Precondition Required', type: 'urn:quell:problem:precondition-required' });
  });

  it('answers 409 on a stale version, naming the current ETag', () => {
    const error = refusal(() => checkIfMatch('"6"', { current: 7, required: true }));
    expect(error.problem).toMatchObject({ status: 409, title: 'Conflict', type: 'urn:quell:problem:stale-version', currentEtag: '"7"' });
    expect(error.problem.detail).toMatch(/current version is "7"/);
  });

  it('never matches a weak tag or a resource that does not exist', () => {
    expect(refusal(() => checkIfMatch('W/"7"', { current: 7, required: true })).getStatus()).toBe(409);
    expect(refusal(() => checkIfMatch('*', { current: undefined, required: true })).problem.detail).toMatch(/does not exist/);
  });

  it('says so when the only mismatch is a weakened tag of the current version (a gzipping proxy weakens ETags)', () => {
    const error = refusal(() => checkIfMatch('W/"7"', { current: 7, required: true }));
    expect(error.problem).toMatchObject({ status: 409, currentEtag: '"7"' });
    expect(error.problem.detail).toBe('If-Match compares strong entity tags: W/"7" is weak (a proxy may have weakened the ETag); send "7"');
  });
});
