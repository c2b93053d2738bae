import { LineCounter, parseAllDocuments } from 'yaml';

/**
 * The line of the deepest node on `path` inside the YAML document of `text` that starts at
 * `docLine`; `docLine` itself when the path leads nowhere. Used to place errors found after
 * loading (correlation sections) on the line that caused them.
 */
export function lineOfPath(text: string, docLine: number, path: readonly string[]): number {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  if (!Array.isArray(docs)) return docLine;
  const doc = docs.find((d) => {
    const start = (d.contents ?? d).range?.[0] ?? d.range[0];
    return lineCounter.linePos(start).line === docLine;
  });
  if (!doc) return docLine;
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return docLine;
}
