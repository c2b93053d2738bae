import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_PIPELINES_DIR, useMappingPipelineDirs } from '@quell/rules';
import { runCli } from '../cli';

const dir = mkdtempSync(join(tmpdir(), 'quell-rules-pipes-'));

async function quell(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { read: (p) => readFile(p, 'utf8'), now: () => Date.UTC(2026, 11, 2), out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const rule = join(dir, 'vsftpd.yml');
writeFileSync(rule, 'title: vsftpd refused login\nid: 7d1c2b3a-0000-4000-8000-00000000f7f0\nlogsource: {product: linux, service: vsftpd}\ndetection:\n  selection: {Line|contains: FAIL LOGIN}\n  condition: selection\nlevel: low\n');
const events = join(dir, 'vsftpd.log');
writeFileSync(events, 'Dec  2 10:00:01 ftp1 vsftpd[812]: [bob] FAIL LOGIN: Client "203.0.113.7"\nDec  2 10:00:02 ftp1 vsftpd[812]: [ann] OK LOGIN: Client "198.51.100.2"\n');

describe('quell rules test --pipelines', () => {
  afterEach(() => useMappingPipelineDirs([]));

  it('sees the events through the user\'s pipeline: a vsftpd source and its Line field', async () => {
    const pipes = mkdtempSync(join(tmpdir(), 'quell-user-pipes-'));
    writeFileSync(join(pipes, 'vsftpd.yml'), 'name: vsftpd\nsources:\n  - id: my-vsftpd\n    when: {process.name: vsftpd}\n    logsource: {product: linux, service: vsftpd}\n    fields: {Line: message}\n');
    expect((await quell(['rules', 'test', '--rule', rule, '--events', events])).out.at(-1)).toBe('matched 0 of 2 events');
    const withPipes = await quell(['rules', 'test', '--rule', rule, '--events', events, '--pipelines', pipes]);
    expect(withPipes.err).toEqual([]);
    expect(withPipes.out.at(-1)).toBe('matched 1 of 2 events');
  });

  it('reports a bad pipeline file by name and key, and runs nothing', async () => {
    const pipes = mkdtempSync(join(tmpdir(), 'quell-user-pipes-'));
    writeFileSync(join(pipes, 'bad.yml'), 'name: bad\nsources:\n  - id: x\n    when: {process.name: vsftpd}\n    logsource: {product: linux}\n    fields: {Client: rawText}\n');
    const result = await quell(['rules', 'test', '--rule', rule, '--events', events, '--pipelines', pipes]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([expect.stringMatching(/^quell: .*bad\.yml: sources\.0\.fields\.Client: "rawText": the raw record is searched with keywords/)]);
    expect(result.out).toEqual([]);
    expect(SHIPPED_PIPELINES_DIR).toMatch(/libs\/rules\/pipelines$/);
  });
});
