import { memoizeByValue } from './memoize';

describe('memoizeByValue', () => {
  it('builds once for equal arguments, compared by value, and again for different ones', () => {
    const calls: number[][] = [];
    const squares = memoizeByValue((shape: number[], scale: number) => {
      calls.push([...shape, scale]);
      return Float64Array.from(shape, (v) => v * v * scale);
    });
    const first = squares([3, 4], 2);
    expect(Array.from(first)).toEqual([18, 32]);
    expect(squares([3, 4], 2)).toBe(first); // a new but equal array: the same result
    expect(squares([3, 4], 3)).not.toBe(first);
    expect(calls).toEqual([
      [3, 4, 2],
      [3, 4, 3],
    ]);
  });

  it('keeps Infinity, NaN and null apart', () => {
    const radius = memoizeByValue((r: number | null) => ({ r }));
    const values = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, null];
    const built = values.map((r) => radius(r));
    expect(new Set(built).size).toBe(4);
    expect(built.map((b) => b.r)).toEqual(values);
  });

  it('keeps only the most recently used results', () => {
    let builds = 0;
    const id = memoizeByValue((n: number) => ({ n, build: ++builds }), 2);
    const one = id(1);
    id(2);
    expect(id(1)).toBe(one); // 1 is now the most recent, 2 the oldest
    id(3); // evicts 2
    expect(id(1)).toBe(one);
    expect(id(2).build).toBe(4);
    expect(builds).toBe(4);
  });

  it('remembers undefined results too, and lets errors through without remembering them', () => {
    let builds = 0;
    const nothing = memoizeByValue((_: string) => void builds++);
    nothing('a');
    nothing('a');
    expect(builds).toBe(1);
    let attempts = 0;
    const failing = memoizeByValue((n: number) => {
      attempts++;
      throw new Error(`no ${n}`);
    });
    expect(() => failing(1)).toThrow('no 1');
    expect(() => failing(1)).toThrow('no 1');
    expect(attempts).toBe(2);
  });
});
