// Module boundaries are the point of this file: domain logic never imports
// infrastructure, contracts import nothing, and no service imports another service.
// A service's Nest module lives in libs/services/<name> (apps/<name> only boots it) so that
// the all-in-one process can compose all seven without importing apps.
// The testing lib (type:testing, the real-infrastructure harness) is for test files only: production
// code that imported it would ship the harness (checked by libs/platform/testing/src/module-boundaries.spec.ts).
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Files that only tests run; like the build's excludes (tsconfig.build.json). */
const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.test-util.ts', '**/test/**/*.ts'];

/** Who may import whom; `testing` adds the testing lib where test files may use it. */
function moduleBoundaries({ testing }) {
  const harness = testing ? ['type:testing'] : [];
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
        { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
        { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', ...harness] },
        { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
        { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain', ...harness] },
        // The end-to-end project is test code throughout.
        {
          sourceTag: 'type:e2e',
          onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain', 'type:service', 'type:testing'],
        },
        { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:service', 'type:domain', ...harness] },
        // An app may only import its own code (scope) plus shared libs.
        { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
        { sourceTag: 'scope:normalizer', onlyDependOnLibsWithTags: ['scope:shared', 'scope:normalizer'] },
        { sourceTag: 'scope:correlator', onlyDependOnLibsWithTags: ['scope:shared', 'scope:correlator'] },
        { sourceTag: 'scope:change-calendar', onlyDependOnLibsWithTags: ['scope:shared', 'scope:change-calendar'] },
        { sourceTag: 'scope:deduper', onlyDependOnLibsWithTags: ['scope:shared', 'scope:deduper'] },
        { sourceTag: 'scope:incident-manager', onlyDependOnLibsWithTags: ['scope:shared', 'scope:incident-manager'] },
        { sourceTag: 'scope:notifier', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notifier'] },
        // The CLI's tests start the service whose API a command calls, in process.
        { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared', ...(testing ? ['type:service'] : [])] },
        { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'type:service'] },
        // The all-in-one process composes every service's module in one process.
        { sourceTag: 'scope:all-in-one', onlyDependOnLibsWithTags: ['scope:shared', 'type:service'] },
      ],
    },
  ];
}

/**
 * A Map or Set that forgets its first key (`map.keys().next()`) walks past every entry deleted before
 * it, which V8 keeps until it rebuilds the table: a bounded cache written so took 44 µs a lookup
 * once full (libs/anomaly/bench/known-pairs.bench.ts). lru-cache's LRUCache is the bounded cache.
 */
const OLDEST_KEY_OF_A_MAP = ['keys', 'values', 'entries'].map((method) => ({
  selector: `CallExpression[callee.property.name='next'][callee.object.type='CallExpression'][callee.object.callee.property.name='${method}']`,
  message: `${method}().next() as the oldest entry of a Map or Set walks past every deleted entry: use LRUCache (lru-cache) for a bounded cache`,
}));

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.cache', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testing: false }),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', ...OLDEST_KEY_OF_A_MAP],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': moduleBoundaries({ testing: true }),
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
