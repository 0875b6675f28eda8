import { describe, expect, it } from '@jest/globals';
import { applyPatch, tenth } from './field-patch';

describe('applyPatch', () => {
  it('sets nested fields and copies only the changed path', () => {
    const data = { cx: 1, masks: [{ r: 2 }, { r: 3 }], other: { a: 1 } };
    const next = applyPatch(data, [
      { path: ['cx'], value: 5 },
      { path: ['masks', 1, 'r'], value: 7 },
    ]);
    expect(next).toEqual({ cx: 5, masks: [{ r: 2 }, { r: 7 }], other: { a: 1 } });
    expect(data.masks[1]!.r).toBe(3);
    expect(next.other).toBe(data.other);
    expect(next.masks[0]).toBe(data.masks[0]);
  });

  it('creates missing objects and lists', () => {
    expect(applyPatch({}, [{ path: ['vertices', 0, 'x'], value: 1 }])).toEqual({ vertices: [{ x: 1 }] });
  });
});

describe('tenth', () => {
  it('rounds to 0.1', () => {
    expect(tenth(3.14159)).toBe(3.1);
    expect(tenth(-2.06)).toBe(-2.1);
  });
});
