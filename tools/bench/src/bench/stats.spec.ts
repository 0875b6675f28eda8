import { median, spread } from './stats';

describe('median', () => {
  it('takes the middle of an odd count, in any order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 2, 10])).toBe(3);
  });

  it('is NaN for no values and leaves its input unsorted', () => {
    expect(median([])).toBeNaN();
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]);
  });
});

describe('spread', () => {
  it('is (max − min) / median', () => {
    expect(spread([9, 10, 12])).toBeCloseTo(0.3, 12);
  });

  it('is 0 for one run or identical runs, NaN for none', () => {
    expect(spread([7])).toBe(0);
    expect(spread([2, 2, 2])).toBe(0);
    expect(spread([])).toBeNaN();
  });
});
