import { isValidRange, parseVersion, satisfies } from './api-range';

describe('plugin API ranges', () => {
  it.each<[string, string[], string[]]>([
    ['^1', ['1.0.0', '1.9.3'], ['0.9.9', '2.0.0', '2.0.0-rc.1']],
    ['^1.2.3', ['1.2.3', '1.99.0'], ['1.2.2', '2.0.0']],
    ['^0.2.3', ['0.2.3', '0.2.9'], ['0.3.0', '0.2.2']],
    ['^0.0.3', ['0.0.3'], ['0.0.4', '0.0.2']],
    ['^0', ['0.0.1', '0.9.0'], ['1.0.0']],
    ['~1.2', ['1.2.0', '1.2.9'], ['1.3.0', '1.1.9']],
    ['~1.2.3', ['1.2.3', '1.2.7'], ['1.3.0', '1.2.2']],
    ['~1', ['1.0.0', '1.5.0'], ['2.0.0']],
    ['>=1.1 <2', ['1.1.0', '1.9.9'], ['1.0.9', '2.0.0']],
    ['>= 1.1.0 < 2.0.0', ['1.1.0'], ['2.0.0']],
    ['>1', ['2.0.0'], ['1.9.9', '1.0.0']],
    ['>1.2.3', ['1.2.4'], ['1.2.3']],
    ['<=1.2', ['1.2.9', '0.1.0'], ['1.3.0']],
    ['<2', ['1.9.9'], ['2.0.0']],
    ['1.x', ['1.0.0', '1.4.0'], ['2.0.0', '0.9.0']],
    ['1.2.*', ['1.2.0', '1.2.5'], ['1.3.0']],
    ['1', ['1.3.0'], ['2.0.0']],
    ['1.0.0', ['1.0.0'], ['1.0.1']],
    ['=1.0.0', ['1.0.0'], ['1.0.1']],
    ['*', ['0.0.1', '5.0.0'], []],
    ['', ['1.0.0'], []],
    ['x', ['1.0.0'], []],
    ['1 - 2', ['1.0.0', '2.9.0'], ['3.0.0', '0.9.0']],
    ['1.2.3 - 1.4.0', ['1.2.3', '1.4.0'], ['1.4.1', '1.2.2']],
    ['^1 || ^3', ['1.2.0', '3.0.0'], ['2.0.0', '4.0.0']],
    ['>=1.0.0-beta', ['1.0.0-beta', '1.0.0-beta.2', '1.0.0'], ['1.0.0-alpha']],
  ])('%s', (range, inside, outside) => {
    expect(isValidRange(range)).toBe(true);
    for (const version of inside) expect([version, satisfies(version, range)]).toEqual([version, true]);
    for (const version of outside) expect([version, satisfies(version, range)]).toEqual([version, false]);
  });

  it('orders pre-releases below their release', () => {
    expect(satisfies('2.0.0-rc.1', '<2.0.0')).toBe(true);
    expect(satisfies('1.0.0-alpha.10', '>1.0.0-alpha.9')).toBe(true);
    expect(satisfies('1.0.0-alpha.beta', '>1.0.0-alpha.1')).toBe(true);
  });

  it('rejects what it cannot read', () => {
    expect(isValidRange('one')).toBe(false);
    expect(isValidRange('^1 || banana')).toBe(false);
    expect(satisfies('1.0.0', 'one')).toBe(false);
    expect(satisfies('1.0', '^1')).toBe(false);
    expect(parseVersion('1.2.3-rc.1')).toEqual([1, 2, 3, ['rc', '1']]);
    expect(parseVersion('1.2')).toBeUndefined();
  });
});
