import { imageOf, resultKind, toFloat32 } from './result-arrays';

describe('result arrays', () => {
  it('toFloat32 puts NaN at positions not merged yet (per block of trailing values)', () => {
    const out = toFloat32({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] }, Uint8Array.from([1, 0, 1]));
    expect(Array.from(out)).toEqual([1, 2, NaN, NaN, 5, 6]);
    expect(Array.from(toFloat32({ data: Uint16Array.from([7, 8]), shape: [2] }))).toEqual([7, 8]);
  });

  it('imageOf takes one component of the trailing axes', () => {
    const array = { data: Float64Array.from([0, 10, 1, 11, 2, 12, 3, 13]), shape: [2, 2, 2] };
    expect(Array.from(imageOf(array, 1).data)).toEqual([10, 11, 12, 13]);
    expect(imageOf(array, 0).shape).toEqual([2, 2]);
    expect(() => imageOf(array, 2)).toThrow('component 2 does not exist');
  });

  it('resultKind: declared, else from the shape, undefined when nav and sig look alike', () => {
    const dataset = { navShape: [6, 5], sigShape: [16, 16] };
    expect(resultKind([16, 16], dataset, 'nav')).toBe('nav');
    expect(resultKind([6, 5, 2], dataset)).toBe('nav');
    expect(resultKind([16, 16], dataset)).toBe('sig');
    expect(resultKind([1], dataset)).toBe('single');
    expect(resultKind([4, 4], { navShape: [4, 4], sigShape: [4, 4] })).toBeUndefined();
  });
});
