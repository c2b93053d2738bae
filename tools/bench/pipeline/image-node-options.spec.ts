import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './bench-paths';
import { IMAGE_NODE_OPTIONS } from './distributed-bench';

describe('the distributed bench runs the stages as the image does', () => {
  it("with the Dockerfile's NODE_OPTIONS", () => {
    const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');
    expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(dockerfile)?.[1]).toBe(IMAGE_NODE_OPTIONS);
  });
});
