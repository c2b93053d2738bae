import { Composer, isAlias, isCollection, isPair, isScalar, Lexer, Parser, visit, type Alias, type CST, type Document, type Node } from 'yaml';

/**
 * Bounds on what a YAML reader accepts. Each one closes a way to exhaust the service with a small
 * text: aliases that expand exponentially (billion laughs), nesting that overflows the stack in the
 * composer or in whoever walks the result, and texts or document counts that take seconds to parse.
 */
export interface YamlLimits {
  /** Characters of text (default 1 MiB, about two seconds of parsing; the largest SigmaHQ rule file is ~300 KB). */
  maxBytes: number;
  /** Documents in one text (default 1,000). */
  maxDocuments: number;
  /** Nested maps and sequences (default 64; Sigma rules use fewer than 10). */
  maxDepth: number;
  /** Alias references per document, counting each expansion of aliases inside anchored nodes (default 100). */
  maxAliases: number;
}

export const YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({ maxBytes: 1024 * 1024, maxDocuments: 1_000, maxDepth: 64, maxAliases: 100 });

/** What is wrong with a YAML text or one of its documents, on a 1-based line. */
export interface YamlProblem {
  line: number;
  reason: string;
}

/** Thrown by the single-document reader for a syntax error or a limit passed; `line` says where. */
export class YamlReadError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'YamlReadError';
  }
}

export interface YamlReadOptions {
  /** The yaml package's schema (default 'core': no custom tags, nothing executed). */
  schema?: 'core' | 'failsafe' | 'json' | 'yaml-1.1';
  /** Refuse a map that repeats a key (checked in linear time: the yaml package's own check is quadratic). */
  uniqueKeys?: boolean;
  limits?: Partial<YamlLimits>;
}

/** One document of a stream: parsed within the limits, or refused with the problem's line. */
export interface YamlDocumentEntry {
  /** First line of the document. */
  line: number;
  document?: Document.Parsed;
  problem?: YamlProblem;
}

export interface YamlStream {
  documents: YamlDocumentEntry[];
  /** The 1-based line of a character offset, for placing later errors on a node's line. */
  lineOf(offset: number): number;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * Parses every document of `text` within the limits. A text too large or with too many documents
 * comes back as one refused entry; otherwise each document is parsed or refused on its own, so a
 * bomb in one document leaves the others readable. Never throws for anything in the text.
 */
export function readYamlDocuments(text: string, options: YamlReadOptions = {}): YamlStream {
  return read(text, options, false);
}

/**
 * The one document of `text` (an empty text is a document holding null). Throws YamlReadError
 * naming the line for a syntax error, a second document or a limit passed.
 */
export function readYamlDocument(text: string, options: YamlReadOptions = {}): { document: Document.Parsed; lineOf(offset: number): number } {
  const stream = read(text, options, true);
  const [first, second] = stream.documents;
  if (second) throw new YamlReadError(second.line, 'a second YAML document: this file holds one');
  if (first.problem) throw new YamlReadError(first.problem.line, first.problem.reason);
  return { document: first.document as Document.Parsed, lineOf: stream.lineOf };
}

/**
 * A document's plain value. Documents from the readers above have passed the alias checks, so the
 * yaml package's own expansion guard only backs them up; its ReferenceError (or a stack overflow)
 * becomes a YamlReadError on the document's line.
 */
export function yamlValue(document: Document, line = 1, limits: Partial<YamlLimits> = {}): unknown {
  const maxAliases = limits.maxAliases ?? YAML_LIMITS.maxAliases;
  try {
    return document.toJS({ maxAliasCount: maxAliases });
  } catch (error) {
    if (error instanceof ReferenceError && error.message.startsWith('Excessive alias count')) throw new YamlReadError(line, `aliases expand to more than ${fmt(maxAliases)} nodes`);
    if (error instanceof ReferenceError) throw new YamlReadError(line, error.message);
    if (error instanceof RangeError) throw new YamlReadError(line, 'the document is too deeply nested or recursive to read');
    throw error;
  }
}

/** The plain value of a one-document YAML text within the limits: readYamlDocument, then yamlValue. */
export function parseYamlWithinLimits(text: string, options: YamlReadOptions = {}): unknown {
  const { document, lineOf } = readYamlDocument(text, options);
  return yamlValue(document, lineOf(document.range[0]), options.limits);
}

function read(text: string, options: YamlReadOptions, forceDoc: boolean): YamlStream {
  const limits: YamlLimits = { ...YAML_LIMITS, ...options.limits };
  if (text.length > limits.maxBytes) return refusedWhole(1, `the text is ${fmt(text.length)} characters long, at most ${fmt(limits.maxBytes)} allowed`);
  const scanned = scan(text, limits);
  if ('tooMany' in scanned) return refusedWhole(lineIndex(text)(scanned.tooMany), `more than ${fmt(limits.maxDocuments)} YAML documents in one text`);
  // Positions in the parsed (cut) text are mapped back to the original's lines.
  const lineAt = lineIndex(text);
  const lineOf = (offset: number): number => lineAt(scanned.original(offset));
  const tokens = [...new Parser().parse(scanned.text)];
  const problems = scanned.problems;
  const bounded = tokens.map((token) => {
    if (token.type !== 'document') return token;
    const offset = tooDeep(token, limits.maxDepth);
    if (offset === undefined) return token;
    problems.push({ offset: scanned.original(offset), reason: `nested deeper than ${fmt(limits.maxDepth)} levels` });
    // An empty document in its place keeps the stream's order; its problem is reported below.
    return { ...token, value: undefined } satisfies CST.Document;
  });
  const composer = new Composer({ schema: options.schema ?? 'core', uniqueKeys: false });
  const docs = [...composer.compose(bounded, forceDoc, scanned.text.length)];
  const placed = new Set<Located>();
  const documents = docs.map((document, i): YamlDocumentEntry => {
    const line = lineOf((document.contents ?? document).range?.[0] ?? document.range[0]);
    const start = i === 0 ? 0 : scanned.original(document.range[0]);
    const end = i + 1 < docs.length ? scanned.original(docs[i + 1].range[0]) : Number.POSITIVE_INFINITY;
    const found = problems.filter((p) => p.offset >= start && p.offset < end).sort((a, b) => a.offset - b.offset);
    for (const p of found) placed.add(p);
    const problem =
      found.length > 0
        ? { line: lineAt(found[0].offset), reason: found[0].reason }
        : (syntaxProblem(document, lineOf, line) ?? aliasProblem(document, limits, lineOf) ?? (options.uniqueKeys ? duplicateKey(document, lineOf) : undefined));
    return problem ? { line, problem } : { line, document: document as Document.Parsed };
  });
  // A refused document cut down to nothing composes to no document: it still gets its entry.
  for (const p of problems.filter((q) => !placed.has(q))) documents.push({ line: lineAt(p.offset), problem: { line: lineAt(p.offset), reason: p.reason } });
  return { documents, lineOf };
}

/** A problem at a character offset, placed on its line once the text is parsed. */
interface Located {
  offset: number;
  reason: string;
}

function refusedWhole(line: number, reason: string): YamlStream {
  return { documents: [{ line, problem: { line, reason } }], lineOf: () => line };
}

/** An alias token (a block scalar's text may start with `*` too, but spans lines). */
const ALIAS = /^\*[^\s,[\]{}]+$/;

/** A line `---` or `...` (alone or before a space): it ends a document wherever it stands, even inside a flow collection. */
const DOCUMENT_BOUNDARY = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * One pass of the lexer before parsing, so the parser never spends seconds on a hostile document.
 * Flow collections (`[[[[…`) and compact sequences (`- - - …`) nest one level per character or
 * two: past the depth limit the rest of that document is cut from what is parsed and the scan
 * goes on at the next document. Past the alias limit the rest of the document is cut too (half a
 * million aliases take the composer many seconds), once all of them are counted for the message.
 * Stops at the first document too many.
 */
function scan(text: string, limits: YamlLimits): { text: string; original(offset: number): number; problems: Located[] } | { tooMany: number } {
  const problems: Located[] = [];
  const masks: [number, number][] = [];
  const refuse = (offset: number, end: number, reason: string): void => {
    problems.push({ offset, reason });
    masks.push([offset, end]);
  };
  let documents = 0;
  let from = 0;
  while (from < text.length) {
    let offset = from;
    let flow = 0;
    let compact = 0;
    let aliases = 0;
    let excessAlias = 0;
    let pendingStart = false;
    let deepAt: number | undefined;
    const endDocument = (end: number): void => {
      if (aliases > limits.maxAliases) refuse(excessAlias, end, `uses ${fmt(aliases)} aliases, at most ${fmt(limits.maxAliases)} allowed`);
      aliases = 0;
      flow = 0;
      compact = 0;
    };
    for (const token of new Lexer().lex(text.slice(from))) {
      if (token === '\x02') {
        pendingStart = true; // a document starts here, unless a `---` follows and counts it
        continue;
      }
      if (token === '\x18' || token === '\x1f') continue; // markers take no room in the text
      if (token === '...') endDocument(offset);
      else if (token === '---' || (pendingStart && !/^[\s#%]/.test(token))) {
        endDocument(offset);
        if (++documents > limits.maxDocuments) return { tooMany: offset };
      }
      if (token !== '\n' && token !== '\r\n' && !token.startsWith('#') && !token.startsWith(' ')) pendingStart = false;
      if (ALIAS.test(token) && ++aliases === limits.maxAliases + 1) excessAlias = offset;
      if (token === '[' || token === '{') flow++;
      else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
      if ((token === '-' || token === '?') && flow === 0) compact++; // indicators of block collections only
      else if (token !== '[' && token !== '{' && !/^[ \t]+$/.test(token)) compact = 0;
      if (flow + compact > limits.maxDepth) {
        deepAt = offset;
        break;
      }
      offset += token.length;
    }
    if (deepAt === undefined) {
      endDocument(text.length);
      break;
    }
    DOCUMENT_BOUNDARY.lastIndex = deepAt;
    from = DOCUMENT_BOUNDARY.exec(text)?.index ?? text.length;
    problems.push({ offset: deepAt, reason: `nested deeper than ${fmt(limits.maxDepth)} levels` });
    // Aliases past the limit before the deep part are cut with it, for the composer's sake.
    masks.push([aliases > limits.maxAliases ? excessAlias : deepAt, from]);
  }
  return { ...cut(text, masks), problems };
}

/**
 * `text` without the `masks` ranges, each replaced by one line break (so a `---` after it still
 * starts a line), and the map from offsets in the result back to offsets in `text`. Cutting
 * rather than blanking matters: the parser spends its time per line, blank or not.
 */
function cut(text: string, masks: readonly [number, number][]): { text: string; original(offset: number): number } {
  if (masks.length === 0) return { text, original: (offset) => offset };
  const parts: string[] = [];
  const shifts: { from: number; delta: number }[] = [];
  let last = 0;
  let length = 0;
  let delta = 0;
  for (const [start, end] of masks) {
    parts.push(text.slice(last, start), '\n');
    length += start - last + 1;
    delta += end - start - 1;
    shifts.push({ from: length, delta });
    last = end;
  }
  parts.push(text.slice(last));
  return {
    text: parts.join(''),
    original: (offset) => {
      let shift = 0;
      for (const s of shifts) {
        if (offset < s.from) break;
        shift = s.delta;
      }
      return offset + shift;
    },
  };
}

/** The 1-based line of an offset of `text`, by binary search over its line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

/** The offset of the first collection nested deeper than `maxDepth` in a CST document, walked without recursion. */
function tooDeep(document: CST.Document, maxDepth: number): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = [{ token: document.value, depth: 0 }];
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token | undefined; depth: number };
    if (!token || !('items' in token)) continue;
    const inner = depth + 1;
    if (inner > maxDepth) return token.offset;
    for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
      stack.push({ token: item.key ?? undefined, depth: inner }, { token: item.value, depth: inner });
    }
  }
  return undefined;
}

/** The document's first syntax error; its message without the source excerpt the yaml package appends. */
function syntaxProblem(document: Document, lineOf: (offset: number) => number, line: number): YamlProblem | undefined {
  const [error] = document.errors;
  if (!error) return undefined;
  return { line: error.pos ? lineOf(error.pos[0]) : line, reason: error.message.split('\n')[0] };
}

/**
 * Counts alias references the way walking the value expands them: an alias to a node that holds
 * aliases costs those too (reading shares one value, but whoever walks it walks every copy).
 * Refuses past `maxAliases`, on the line of the alias that passed it; an alias with no anchor
 * before it; and an alias inside the node it refers to, which would make a value that contains itself.
 */
function aliasProblem(document: Document, limits: YamlLimits, lineOf: (offset: number) => number): YamlProblem | undefined {
  if (document.contents === null) return undefined;
  // The yaml package resolves an alias to the last anchor of its name before it, in visiting order.
  const aliases: Alias[] = [];
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) {
        aliases.push(node);
        targets.set(node, anchors.get(node.source));
      } else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (aliases.length === 0) return undefined;
  const lineOfNode = (node: { range?: [number, number, number] | null }): number => lineOf(node.range?.[0] ?? 0);
  if (aliases.length > limits.maxAliases) return { line: lineOfNode(aliases[limits.maxAliases]), reason: `uses ${fmt(aliases.length)} aliases, at most ${fmt(limits.maxAliases)} allowed` };
  const unresolved = aliases.find((alias) => targets.get(alias) === undefined);
  if (unresolved) return { line: lineOfNode(unresolved), reason: `alias *${unresolved.source} has no anchor &${unresolved.source} before it` };
  const cap = limits.maxAliases + 1;
  const cost = new Map<Node, number>();
  const walking = new Set<Node>();
  let cycle: Alias | undefined;
  // Aliases a node expands to, saturating at `cap`; nesting is bounded (maxDepth), and so are alias chains (maxAliases).
  const expansion = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targets.get(node) as Node;
      if (walking.has(target)) {
        cycle ??= node;
        return cap;
      }
      let inner = cost.get(target);
      if (inner === undefined) {
        inner = expansion(target);
        cost.set(target, inner);
      }
      return Math.min(cap, 1 + inner);
    }
    if (!isCollection(node)) return 0;
    walking.add(node);
    let total = 0;
    for (const item of node.items) {
      const parts = isPair(item) ? [item.key, item.value] : [item];
      for (const part of parts) total = Math.min(cap, total + expansion(part));
      if (total >= cap) break;
    }
    walking.delete(node);
    return total;
  };
  let total = 0;
  for (const alias of aliases) {
    total = Math.min(cap, total + expansion(alias));
    if (cycle) return { line: lineOfNode(cycle), reason: `alias *${cycle.source} refers to a node that contains it` };
    if (total >= cap) return { line: lineOfNode(alias), reason: `aliases expand to more than ${fmt(limits.maxAliases)} nodes (counting the aliases inside anchored nodes)` };
  }
  return undefined;
}

/** The first key a map repeats, found with one set per map. */
function duplicateKey(document: Document, lineOf: (offset: number) => number): YamlProblem | undefined {
  let problem: YamlProblem | undefined;
  visit(document, {
    Map: (_key, map) => {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const id = `${typeof pair.key.value}\u0000${String(pair.key.value)}`;
        const line = lineOf(pair.key.range?.[0] ?? 0);
        const first = seen.get(id);
        if (first !== undefined) {
          problem = { line, reason: `map key "${String(pair.key.value)}" is already defined on line ${first}` };
          return visit.BREAK;
        }
        seen.set(id, line);
      }
      return undefined;
    },
  });
  return problem;
}
