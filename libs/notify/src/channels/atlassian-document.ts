/**
 * Atlassian Document Format, the rich text Jira Cloud REST v3 takes for descriptions and comments
 * (developer.atlassian.com/cloud/jira/platform/apis/document/structure/): a `doc` of version 1
 * whose blocks hold text nodes; a text node must not be empty, and a link is a `link` mark.
 */
export interface AdfText {
  type: 'text';
  text: string;
  marks?: { type: 'link'; attrs: { href: string } }[];
}
export interface AdfParagraph {
  type: 'paragraph';
  content: AdfText[];
}
export interface AdfDocument {
  type: 'doc';
  version: 1;
  content: AdfParagraph[];
}

/** One paragraph per line; empty lines are left out (ADF refuses an empty text node), URLs become links. */
export function adfDocument(lines: readonly string[]): AdfDocument {
  return { type: 'doc', version: 1, content: lines.filter((line) => line.length > 0).map(adfParagraph) };
}

function adfParagraph(line: string): AdfParagraph {
  const content: AdfText[] = [];
  let rest = line;
  for (let match = /https?:\/\/\S+/.exec(rest); match; match = /https?:\/\/\S+/.exec(rest)) {
    if (match.index > 0) content.push({ type: 'text', text: rest.slice(0, match.index) });
    content.push({ type: 'text', text: match[0], marks: [{ type: 'link', attrs: { href: match[0] } }] });
    rest = rest.slice(match.index + match[0].length);
  }
  if (rest.length > 0) content.push({ type: 'text', text: rest });
  return { type: 'paragraph', content };
}
