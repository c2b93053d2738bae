import { readFileSync } from 'node:fs';
import path from 'node:path';

const README = path.resolve(__dirname, '../../../../README.md');

/**
 * The fenced block after `<!-- shipper-snippet: <name> -->` in the repository's README: the
 * snippets users copy are the ones the shipper tests parse and run, so the two cannot drift.
 */
export function readmeSnippets(): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of readFileSync(README, 'utf8').matchAll(/<!-- shipper-snippet: (\S+) -->\n```[^\n]*\n([\s\S]*?)\n```/g)) {
    found.set(match[1], match[2]);
  }
  return found;
}

export function readmeSnippet(name: string): string {
  const text = readmeSnippets().get(name);
  if (text === undefined) throw new Error(`README.md has no shipper snippet "${name}"`);
  return text;
}
