import { acknowledgeSchema, assignSchema, commentSchema, listQuerySchema, resolveSchema } from './incident-requests';

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
