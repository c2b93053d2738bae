import { parseYamlWithinLimits, readYamlDocument, readYamlDocuments, YamlReadError, yamlValue } from './yaml-limits';

const problems = (text: string, options = {}) => readYamlDocuments(text, options).documents.map((d) => d.problem);

/** Nine levels of nine aliases each: 387,420,489 strings once expanded. */
function billionLaughs(): string {
  const names = 'abcdefghi';
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < names.length; i++) text += `${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]\n`;
  return text;
}

describe('readYamlDocuments', () => {
  it('parses every document with its first line', () => {
    const stream = readYamlDocuments('a: 1\n---\n# note\nb: [1, {c: 2}]\n');
    expect(stream.documents.map((d) => [d.line, d.document?.toJS()])).toEqual([
      [1, { a: 1 }],
      [4, { b: [1, { c: 2 }] }],
    ]);
  });

  it('refuses more aliases than allowed, on the line of the first one too many', () => {
    const text = `title: t\nvalue: &v x\nlist:\n${Array.from({ length: 120 }, () => '  - *v\n').join('')}`;
    expect(problems(text)).toEqual([{ line: 104, reason: 'uses 120 aliases, at most 100 allowed' }]);
    expect(problems(text, { limits: { maxAliases: 200 } })).toEqual([undefined]);
  });

  it('refuses a billion laughs by what its aliases expand to, and a document that contains itself', () => {
    expect(problems(billionLaughs())).toEqual([{ line: 4, reason: 'aliases expand to more than 100 nodes (counting the aliases inside anchored nodes)' }]);
    expect(problems('a: &x [1, *x]\n')).toEqual([{ line: 1, reason: 'alias *x refers to a node that contains it' }]);
    expect(problems('a: 1\nb: *nowhere\n')[0]?.line).toBe(2);
  });

  it('keeps ordinary anchors and merges of a few aliases', () => {
    const stream = readYamlDocuments('base: &b {x: 1}\none: *b\ntwo: [*b, *b]\n');
    expect(stream.documents[0].document?.toJS()).toEqual({ base: { x: 1 }, one: { x: 1 }, two: [{ x: 1 }, { x: 1 }] });
  });

  it.each([
    ['flow', `a: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`, 1],
    ['compact sequences', `a:\n  ${'- '.repeat(10_000)}x\n`, 2],
    ['indentation', Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:\n`).join(''), 65],
    ['flow maps', `${'{a: '.repeat(5_000)}1${'}'.repeat(5_000)}\n`, 1],
  ])('refuses %s nested deeper than the limit quickly, naming the line', (_name, text, line) => {
    const started = Date.now();
    expect(problems(text)).toEqual([{ line, reason: 'nested deeper than 64 levels' }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses only the bad document of a stream; the others stay readable', () => {
    const stream = readYamlDocuments(`a: 1\n---\nb: ${'['.repeat(200)}${']'.repeat(200)}\n---\nc: 3\n`);
    expect(stream.documents.map((d) => d.problem?.reason ?? d.document?.toJS())).toEqual([{ a: 1 }, 'nested deeper than 64 levels', { c: 3 }]);
  });

  it('places errors and nodes after a refused document on their own lines', () => {
    const text = `a: 1\n---\nb: ${'['.repeat(200)}\n  x\n  y\n---\n${'- *x\n'.repeat(150)}---\nc: 1\nd: [1, 2]\nc: 2\n`;
    const stream = readYamlDocuments(text, { uniqueKeys: true });
    expect(stream.documents.map((d) => d.problem)).toEqual([
      undefined,
      { line: 3, reason: 'nested deeper than 64 levels' },
      { line: 107, reason: 'uses 150 aliases, at most 100 allowed' },
      { line: 160, reason: 'map key "c" is already defined on line 158' },
    ]);
    const good = readYamlDocuments(text.replace('c: 2', 'e: 2')).documents[3];
    const node = good.document?.get('d', true) as { range: [number, number, number] };
    expect(readYamlDocuments(text).lineOf(node.range[0])).toBe(159);
  });

  it('refuses a text too large or with too many documents as a whole', () => {
    expect(problems('a: 1\n'.repeat(100), { limits: { maxBytes: 100 } })).toEqual([{ line: 1, reason: 'the text is 500 characters long, at most 100 allowed' }]);
    expect(problems('---\na: 1\n'.repeat(5), { limits: { maxDocuments: 3 } })).toEqual([{ line: 7, reason: 'more than 3 YAML documents in one text' }]);
  });

  it('finds a repeated key in linear time, with both lines', () => {
    expect(problems('a: 1\nb:\n  c: 1\n  c: 2\n', { uniqueKeys: true })).toEqual([{ line: 4, reason: 'map key "c" is already defined on line 3' }]);
    const many = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}\n`).join('');
    // Against parsing the same text without the check, in the same run, so a loaded machine slows both:
    // a quadratic check over 50,000 keys takes tens of times longer than the parse itself.
    const baselineStarted = Date.now();
    problems(many);
    const baselineMs = Date.now() - baselineStarted;
    const started = Date.now();
    expect(problems(many, { uniqueKeys: true })).toEqual([undefined]);
    expect(Date.now() - started).toBeLessThan(3 * baselineMs + 500);
  });

  it('reports syntax errors with their line', () => {
    expect(problems('a: 1\nb: [1, 2\n')[0]).toMatchObject({ line: 3 });
  });
});

describe('readYamlDocument and parseYamlWithinLimits', () => {
  it('reads one document; an empty text is null', () => {
    expect(parseYamlWithinLimits('a: [1, 2]\n')).toEqual({ a: [1, 2] });
    expect(parseYamlWithinLimits('')).toBeNull();
    expect(readYamlDocument('# only a comment\n').document.contents).toBeNull();
  });

  it('throws YamlReadError with line and reason', () => {
    expect(() => parseYamlWithinLimits('a: 1\n---\nb: 2\n')).toThrow(new YamlReadError(3, 'a second YAML document: this file holds one'));
    expect(() => parseYamlWithinLimits(billionLaughs())).toThrow(YamlReadError);
    try {
      parseYamlWithinLimits(`x:\n  y: ${'['.repeat(100)}`);
      throw new Error('not refused');
    } catch (error) {
      expect(error).toMatchObject({ line: 2, reason: 'nested deeper than 64 levels', message: 'line 2: nested deeper than 64 levels' });
    }
  });

  it('yamlValue turns the yaml package guard into a YamlReadError on the given line', () => {
    const { document } = readYamlDocument('a: &a [1]\nb: [*a, *a, *a]\n', { limits: { maxAliases: 10 } });
    expect(() => yamlValue(document, 7, { maxAliases: 1 })).toThrow(new YamlReadError(7, 'aliases expand to more than 1 nodes'));
  });
});

describe('readYamlDocuments on large hostile texts', () => {
  it.each([
    ['140,000 aliases', `a: &a x\nb:\n${'  - *a\n'.repeat(140_000)}`, { line: 103, reason: 'uses 140,000 aliases, at most 100 allowed' }],
    ['140,000 aliases before deep brackets', `a: &a x\nb: [${'*a, '.repeat(140_000)}${'['.repeat(100)}]\n`, { line: 2, reason: 'nested deeper than 64 levels' }],
    ['a megabyte of brackets', `a: ${'['.repeat(1024 * 1024 - 10)}`, { line: 1, reason: 'nested deeper than 64 levels' }],
  ])('refuses %s within two seconds (the default limit of 1 MiB)', (_name, text, problem) => {
    const started = Date.now();
    expect(problems(text)).toEqual([problem]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('counts aliases per document and keeps the following documents', () => {
    const text = `a: &a x\nb: [${Array(101).fill('*a').join(', ')}]\n...\nc: *nothing-here-is-an-alias-in-quotes\n---\nd: "*a *a"\n`;
    const stream = readYamlDocuments(text);
    expect(stream.documents.map((d) => d.problem?.reason ?? d.document?.toJS())).toEqual([
      'uses 101 aliases, at most 100 allowed',
      expect.stringContaining('nothing-here-is-an-alias-in-quotes'),
      { d: '*a *a' },
    ]);
  });
});

describe('readYamlDocuments does not mistake text for structure', () => {
  it('reads block scalars, quoted text and comments full of brackets, dashes and stars', () => {
    const text = [
      '--- |',
      ...Array.from({ length: 150 }, () => '*not-an-alias'),
      '---',
      `quoted: "${'['.repeat(200)} *a *a"`,
      `# ${'{'.repeat(200)} ${'- '.repeat(100)}`,
      `folded: >\n  ${'[[[[ '.repeat(50)}\n  ${'- '.repeat(100)}`,
      `flow: {? a: b, c: [-1, -2]}`,
      '',
    ].join('\n');
    const stream = readYamlDocuments(text);
    expect(stream.documents.map((d) => d.problem)).toEqual([undefined, undefined]);
    expect(String(stream.documents[0].document?.toJS()).split('\n')).toHaveLength(151);
    expect(stream.documents[1].document?.toJS()).toMatchObject({ quoted: expect.stringMatching(/^\[+ \*a \*a$/), flow: { a: 'b', c: [-1, -2] } });
  });
});
