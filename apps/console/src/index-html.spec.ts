import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('index.html', () => {
  it('declares an icon, so the browser does not request /favicon.ico (a 404 in the console on every load)', () => {
    const html = readFileSync(join(__dirname, '..', 'index.html'), 'utf8');
    expect(html).toMatch(/<link rel="icon" href="data:,"/);
  });
});
