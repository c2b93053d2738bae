// Shared jest settings for every project: SWC transpiles TypeScript (with decorator
// metadata for NestJS) and the tsconfig path aliases resolve to each lib's source.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const root = __dirname;
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  // Only Quell's own libs; package subpaths (chdb/connection) resolve through their exports.
  if (!alias.startsWith('@quell/')) continue;
  moduleNameMapper[`^${alias.replace('/', '\\/')}$`] = path.join(root, target);
}

module.exports = {
  testEnvironment: 'node',
  // Integration tests wait on real brokers; unit tests finish long before this.
  testTimeout: 60000,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    // @platformatic/kafka and its helpers ship only ES modules (one reads its wasm through
    // import.meta.url), as does the OpenAPI validator of the document tests (its schemas likewise):
    // SWC turns them into CommonJS for jest's module system.
    // jose, oidc-provider and oauth4webapi (OIDC sign-in and its specs) are ES modules as well.
    '^.+/node_modules/(@platformatic|@seriousme|jose|oidc-provider|oauth4webapi)/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@platformatic|@seriousme|jose|oidc-provider|oauth4webapi)/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/?(*.)+(spec|int-spec|e2e-spec).ts'],
};
