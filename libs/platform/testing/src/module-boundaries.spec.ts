import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

// Lints virtual files through the repository's eslint.config.mjs in a child process (ESLint loads
// its config as an ES module, which jest's module system cannot import). Nx's boundary rule reads
// the cached project graph, which `nx show projects` writes first; without it the rule would skip.
const LINT_SCRIPT = `
  const { ESLint } = require('eslint');
  const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd() });
  (async () => {
    const out = {};
    for (const { filePath, code } of cases) {
      const [result] = await eslint.lintText(code, { filePath });
      out[filePath] = result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
    }
    process.stdout.write(JSON.stringify(out));
  })();
`;

function boundaryMessages(cases: { filePath: string; code: string }[]): Record<string, string[]> {
  const graph = spawnSync(process.execPath, [require.resolve('nx/bin/nx'), 'show', 'projects'], { cwd: ROOT, encoding: 'utf8' });
  if (graph.status !== 0) throw new Error(`nx show projects failed: ${graph.stderr}`);
  const lint = spawnSync(process.execPath, ['-e', LINT_SCRIPT], { cwd: ROOT, input: JSON.stringify(cases), encoding: 'utf8' });
  if (lint.status !== 0) throw new Error(`eslint failed: ${lint.stderr}`);
  return JSON.parse(lint.stdout) as Record<string, string[]>;
}

const IMPORTS_HARNESS = "import { waitFor } from '@quell/platform-testing';\nexport const wait = waitFor;\n";
const IMPORTS_CONTRACTS = "import { derivedId } from '@quell/contracts';\nexport const id = derivedId;\n";

describe('the module-boundary rule and the testing lib', () => {
  let messages: Record<string, string[]>;

  beforeAll(() => {
    messages = boundaryMessages([
      { filePath: 'libs/platform/kafka/src/boundary-fixture.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/services/deduper/src/boundary-fixture.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/platform/kafka/src/boundary-fixture.int-spec.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/services/deduper/src/boundary-fixture.spec.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/services/deduper/src/test/boundary-fixture.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/platform/kafka/src/boundary-fixture.test-util.ts', code: IMPORTS_HARNESS },
      { filePath: 'libs/platform/redis/src/contracts-fixture.ts', code: IMPORTS_CONTRACTS },
    ]);
  }, 180_000);

  it.each(['libs/platform/kafka/src/boundary-fixture.ts', 'libs/services/deduper/src/boundary-fixture.ts'])(
    'refuses the testing lib in production code (%s)',
    (filePath) => {
      expect(messages[filePath]).toEqual([expect.stringMatching(/can only depend on libs tagged with/)]);
    },
  );

  it.each([
    'libs/platform/kafka/src/boundary-fixture.int-spec.ts',
    'libs/services/deduper/src/boundary-fixture.spec.ts',
    'libs/services/deduper/src/test/boundary-fixture.ts',
    'libs/platform/kafka/src/boundary-fixture.test-util.ts',
  ])('allows it in test files (%s)', (filePath) => {
    expect(messages[filePath]).toEqual([]);
  });

  it('still allows production platform code its own dependencies', () => {
    expect(messages['libs/platform/redis/src/contracts-fixture.ts']).toEqual([]);
  });
});
