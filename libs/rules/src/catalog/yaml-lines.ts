import { readYamlDocuments } from '@quell/input-limits';

/**
 * The line of the deepest node on `path` inside the YAML document of `text` that starts at
 * `docLine`; `docLine` itself when the path leads nowhere (or the document was refused by the
 * input limits, which the loader has already reported). Used to place errors found after
 * loading (correlation sections) on the line that caused them.
 */
export function lineOfPath(text: string, docLine: number, path: readonly string[]): number {
  const { documents, lineOf } = readYamlDocuments(text);
  const doc = documents.find((d) => d.line === docLine)?.document;
  if (!doc) return docLine;
  for (let depth = path.length; depth > 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineOf(node.range[0]);
  }
  return docLine;
}
