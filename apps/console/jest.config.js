// ES module (this package is "type": "module" for Vite's config): the shared preset, unit specs of the console's pure logic.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import preset from '../../jest.preset.js';

export default {
  ...preset,
  displayName: 'console',
  rootDir: dirname(fileURLToPath(import.meta.url)),
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
