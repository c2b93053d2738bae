// Prints, per shipped mapping pipeline source, how SigmaHQ's rules fare on its fixtures (issue 11):
// rules applicable / exercised (a positive sample listed) / fired as expected, then the records
// and the rules never exercised. Usage: SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register tools/sigma-pipeline-table.ts [--unexercised] [--actual]
import { coverageRow, pipelineCoverage } from '../libs/rules/src/sigma/pipeline-coverage.test-util';

const coverage = pipelineCoverage();
const rows = coverage.map(coverageRow);
console.log('| source | fixture records | SigmaHQ rules applicable | exercised | fired as expected |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.source} | ${r.records} | ${r.applicable} | ${r.exercised} | ${r.asExpected} |`);
if (process.argv.includes('--unexercised')) for (const r of rows) if (r.unexercised.length > 0) console.log(`\n${r.source}, applicable but not exercised (${r.unexercised.length}): ${r.unexercised.map((k) => k.replace(/^sigma:.*\//, '')).join(', ')}`);
if (process.argv.includes('--actual')) {
  for (const c of coverage) {
    if (c.strays.length > 0) console.log(`${c.source.id}: records routed elsewhere: ${c.strays.join(' ')}`);
    for (const [key, refs] of c.actual) if (refs.length > 0) console.log(`${c.source.id}  ${key}: [${refs.join(', ')}]`);
  }
}
