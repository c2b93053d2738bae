import { backtestInput } from './backtests.controller';

describe('POST /v1/backtests input', () => {
  it('refuses a from or to past what a time can hold, naming the field (it was a 500)', () => {
    const result = backtestInput.safeParse({ ruleId: 'Failed logon', from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['to'], message: 'epoch ms up to 2299-12-31T23:59:59.999Z' })]);
  });

  it('takes a range inside it', () => {
    expect(backtestInput.safeParse({ ruleId: 'Failed logon', from: 0, to: Date.UTC(2299, 11, 31) }).success).toBe(true);
  });
});
