import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');

describe('generated types', () => {
  it('match the .avsc schemas', () => {
    const script = path.join(repoRoot, 'tools/contracts/generate-types.mjs');
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
    const committed = readFileSync(path.join(__dirname, 'types.ts'), 'utf8');
    if (fresh !== committed) {
      throw new Error('libs/contracts/src/generated/types.ts is out of date: run `npm run contracts:generate`');
    }
  });
});
