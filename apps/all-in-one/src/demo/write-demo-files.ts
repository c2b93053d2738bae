// Writes the demo's story files (deploy/samples/demo/*.ndjson) from demo-stories.ts:
// `node -r @swc-node/register apps/all-in-one/src/demo/write-demo-files.ts` after editing a story.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertStorm, nightChange, slowIntrusion } from './demo-stories';
import { DEMO_FILES } from './demo-timeline';

const dir = join(__dirname, '..', '..', '..', '..', 'deploy', 'samples', 'demo');
for (const [file, lines] of [[DEMO_FILES.night, nightChange()], [DEMO_FILES.storm, alertStorm()], [DEMO_FILES.slow, slowIntrusion()]] as const) {
  writeFileSync(join(dir, file), `${lines.join('\n')}\n`);
  process.stdout.write(`${file}: ${lines.length} records\n`);
}
