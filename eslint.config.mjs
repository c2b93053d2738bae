// Module boundaries are the point of this file: domain logic never imports
// infrastructure, contracts import nothing, and no service imports another service.
// A service's Nest module lives in libs/services/<name> (apps/<name> only boots it) so that
// the all-in-one process can compose all seven without importing apps.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.cache', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            // type:testing only from *.int-spec.ts files: the real-infrastructure harness.
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform'] },
            {
              sourceTag: 'type:service',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain', 'type:testing'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:domain', 'type:service', 'type:testing'],
            },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:platform', 'type:service', 'type:domain'] },
            // An app may only import its own code (scope) plus shared libs.
            { sourceTag: 'scope:ingest', onlyDependOnLibsWithTags: ['scope:shared', 'scope:ingest'] },
            { sourceTag: 'scope:normalizer', onlyDependOnLibsWithTags: ['scope:shared', 'scope:normalizer'] },
            { sourceTag: 'scope:correlator', onlyDependOnLibsWithTags: ['scope:shared', 'scope:correlator'] },
            { sourceTag: 'scope:change-calendar', onlyDependOnLibsWithTags: ['scope:shared', 'scope:change-calendar'] },
            { sourceTag: 'scope:deduper', onlyDependOnLibsWithTags: ['scope:shared', 'scope:deduper'] },
            { sourceTag: 'scope:incident-manager', onlyDependOnLibsWithTags: ['scope:shared', 'scope:incident-manager'] },
            { sourceTag: 'scope:notifier', onlyDependOnLibsWithTags: ['scope:shared', 'scope:notifier'] },
            { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'type:service'] },
            // The all-in-one process composes every service's module in one process.
            { sourceTag: 'scope:all-in-one', onlyDependOnLibsWithTags: ['scope:shared', 'type:service'] },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
