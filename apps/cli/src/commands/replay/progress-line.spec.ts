import { progressBar, ProgressLine } from './progress-line';

describe('ProgressLine', () => {
  it('rewrites one line at most every 100 ms of its clock, cut to the terminal width, and clears it', () => {
    let now = 0;
    const written: string[] = [];
    const line = new ProgressLine({ write: (text: string) => written.push(text), columns: 30 }, () => now);
    line.update('first');
    now = 50;
    line.update('skipped');
    now = 100;
    line.update('x'.repeat(100));
    line.update('forced', true);
    line.clear();
    line.clear();
    expect(written).toEqual(['\r\x1b[2Kfirst', `\r\x1b[2K${'x'.repeat(29)}`, '\r\x1b[2Kforced', '\r\x1b[2K']);
  });
});

describe('progressBar', () => {
  it('shows the share of a known size, and nothing for standard input', () => {
    expect(progressBar(42, 100, 10)).toBe('[####------]  42% ');
    expect(progressBar(200, 100, 4)).toBe('[####] 100% ');
    expect(progressBar(5, undefined)).toBe('');
  });
});
