import { runCli } from '../cli';

async function quell(args: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['query', ...args], { read: async () => '', now: () => 0, env, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('quell query (usage and an absent server; the run itself: all-in-one-process.int-spec)', () => {
  it('prints its usage with --help (exit 0)', async () => {
    const run = await quell(['--help']);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^usage: quell query/);
  });

  it('refuses a bad --limit, a second name or a missing key with the usage (exit 1)', async () => {
    const env = { QUELL_API_KEY: 'k' };
    expect((await quell(['q', '--limit', '0'], env)).err[0]).toBe('quell: --limit must be an integer from 1 to 10000');
    expect((await quell(['q', 'r'], env)).err[0]).toBe('quell: one query at a time; "r" is extra');
    const keyless = await quell(['q']);
    expect(keyless.code).toBe(1);
    expect(keyless.err[0]).toContain('an API key is needed');
  });

  it('says in one line that no server answers, and how to start one (exit 1)', async () => {
    const run = await quell(['q'], { QUELL_URL: 'http://127.0.0.1:9', QUELL_API_KEY: 'k' });
    expect(run.code).toBe(1);
    expect(run.err).toEqual([expect.stringMatching(/^quell: 127\.0\.0\.1:9: .+ \(is the all-in-one running\? npm start\)$/)]);
  });
});
