import { apiFailureExit, DEFAULT_SERVER_URL, readInput, urlOf, UsageError } from './api-options';

describe('the server a command talks to', () => {
  it('is the all-in-one on this machine unless --url or QUELL_URL names another', () => {
    expect(DEFAULT_SERVER_URL).toBe('http://127.0.0.1:8080');
    expect(urlOf({}, { env: {} })).toBe(DEFAULT_SERVER_URL);
    expect(urlOf({}, { env: { QUELL_URL: 'http://cal:8083' } })).toBe('http://cal:8083');
    expect(urlOf({ url: 'https://im:8085' }, { env: { QUELL_URL: 'http://cal:8083' } })).toBe('https://im:8085');
  });

  it('refuses what is not an http(s) URL, naming the option', () => {
    expect(() => urlOf({ url: 'kafka://broker:9092' }, { env: {} })).toThrow(UsageError);
    expect(() => urlOf({}, { env: { QUELL_URL: 'not a url' } })).toThrow('--url (or QUELL_URL) must be an http(s) URL, not "not a url"');
  });
});

describe('a file that cannot be read', () => {
  it('is exit 1 in one line, without the usage (the command line was right)', async () => {
    const failure = await readInput({ read: () => Promise.reject(new Error("ENOENT: no such file or directory, open '/nope'")) }, '/nope').catch((error: unknown) => error);
    const err: string[] = [];
    expect(apiFailureExit(failure, { err: (line) => err.push(line) }, 'usage: quell …')).toBe(1);
    expect(err).toEqual(["quell: cannot read /nope: ENOENT: no such file or directory, open '/nope'"]);
  });

  it('leaves a real usage error with its usage', () => {
    const err: string[] = [];
    expect(apiFailureExit(new UsageError('--limit must be a positive whole number'), { err: (line) => err.push(line) }, 'usage: quell …')).toBe(1);
    expect(err).toEqual(['quell: --limit must be a positive whole number', 'usage: quell …']);
  });
});
