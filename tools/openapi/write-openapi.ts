// `npm run openapi`: writes the OpenAPI 3.1 document of every service to docs/openapi/<service>.json
// (the same documents each service serves at GET /openapi.json, and that CI validates in
// apps/all-in-one/src/openapi-documents.spec.ts). `npm run openapi -- <dir>` writes elsewhere.
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { openApiDocuments } from '../../apps/all-in-one/src/openapi-documents';

const root = resolve(__dirname, '..', '..');
const outDir = resolve(process.argv[2] ?? join(root, 'docs', 'openapi'));
mkdirSync(outDir, { recursive: true });
for (const [service, document] of Object.entries(openApiDocuments())) {
  const file = join(outDir, `${service}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`${relative(process.cwd(), file)}: ${Object.keys(document.paths).length} paths`);
}
