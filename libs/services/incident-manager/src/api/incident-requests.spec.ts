import { acknowledgeSchema, assignSchema, commentSchema, decodeCursor, encodeCursor, instantParam, listQuerySchema, resolveSchema } from './incident-requests';

describe('listQuerySchema', () => {
  it('reads from and to as epoch ms or ISO 8601', () => {
    expect(listQuerySchema.parse({ from: '1000', to: '2026-12-03T08:00:00Z' })).toMatchObject({ from: 1000, to: Date.UTC(2026, 11, 3, 8) });
  });

  it('tells a bad time what to send instead of "Invalid input"', () => {
    const result = listQuerySchema.safeParse({ from: 'yesterday' });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['from'], message: 'must be epoch ms or ISO 8601, e.g. 2026-12-03T08:00:00Z' })]);
  });
});

describe('unknown fields', () => {
  it.each([
    ['acknowledge', acknowledgeSchema, { comment: 'x', extra: 1 }],
    ['assign', assignSchema, { asignee: 'bob', assignee: 'bob' }],
    ['comment', commentSchema, { text: 'x', note: 'y' }],
    ['resolve', resolveSchema, { resolution: 'benign', coment: 'typo' }],
    ['list', listQuerySchema, { stauts: 'open' }],
  ] as const)('%s: an unknown field is refused, named', (_name, schema, input) => {
    const result = schema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys' });
  });
});

describe('instants ClickHouse cannot read', () => {
  it('refuses a year past 9999 or before 1 as a bad value, not a query that fails (a 500)', () => {
    for (const text of ['999999999999999', '+033658-09-27T01:46:39.999Z', '-000001-01-01T00:00:00Z']) {
      expect(instantParam.safeParse(text).success).toBe(false);
    }
    expect(instantParam.parse('9999-12-31T23:59:59.999Z')).toBe(253402300799999);
  });

  it('takes a cursor only with a whole-number time', () => {
    expect(decodeCursor(encodeCursor({ lastSeen: 1_796_364_473_958, id: 'a' }))).toEqual({ lastSeen: 1_796_364_473_958, id: 'a' });
    expect(decodeCursor(Buffer.from('[1e308,"a"]').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from('[1.5,"a"]').toString('base64url'))).toBeNull();
  });
});
