/**
 * A small semver range check for plugin API ranges (`^1`, `~1.2`, `>=1.1 <2`, `1.x`, `1 - 2`,
 * `^1 || ^2`, `*`). Enough for what plugin packages declare; no dependency on `semver`.
 * Pre-release versions are ordered below their release but are not otherwise special-cased.
 */

type Version = [number, number, number, string[]];
type Op = '<' | '<=' | '>' | '>=' | '=';
interface Comparator {
  op: Op;
  version: Version;
}

/** A version with some parts missing or wildcards (`1`, `1.x`, `1.2.*`); `undefined` = wildcard. */
interface Partial {
  major?: number;
  minor?: number;
  patch?: number;
  pre: string[];
}

const PARTIAL = /^[v=]?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parsePartial(text: string): Partial | undefined {
  const match = PARTIAL.exec(text);
  if (!match) return undefined;
  const num = (s: string | undefined): number | undefined => (s === undefined || /^[xX*]$/.test(s) ? undefined : Number(s));
  const major = num(match[1]);
  const minor = major === undefined ? undefined : num(match[2]);
  const patch = minor === undefined ? undefined : num(match[3]);
  return { major, minor, patch, pre: patch === undefined || !match[4] ? [] : match[4].split('.') };
}

/** Parse `1.2.3` or `1.2.3-beta.1`; `undefined` if it is not a full version. */
export function parseVersion(text: string): Version | undefined {
  const p = parsePartial(text.trim());
  if (!p || p.major === undefined || p.minor === undefined || p.patch === undefined) return undefined;
  return [p.major, p.minor, p.patch, p.pre];
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // a release sorts above its pre-releases
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || comparePre(a[3], b[3]);
}

const v = (major: number, minor = 0, patch = 0, pre: string[] = []): Version => [major, minor, patch, pre];
const lowest = (p: Partial): Version => v(p.major ?? 0, p.minor ?? 0, p.patch ?? 0, p.pre);
/** An exclusive upper bound below every pre-release of that version (`<2.0.0-0`): `^1` excludes 2.0.0-rc.1. */
const below = (major: number, minor = 0, patch = 0): Version => v(major, minor, patch, ['0']);
/** The first version above everything the partial covers (`1.2` → 1.3.0); undefined for `*`. */
function above(p: Partial): Version | undefined {
  if (p.major === undefined) return undefined;
  if (p.minor === undefined) return below(p.major + 1);
  if (p.patch === undefined) return below(p.major, p.minor + 1);
  return undefined;
}

function caret(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const from: Comparator = { op: '>=', version: lowest(p) };
  if (p.major > 0 || p.minor === undefined) return [from, { op: '<', version: below(p.major + 1) }];
  if (p.minor > 0 || p.patch === undefined) return [from, { op: '<', version: below(0, p.minor + 1) }];
  return [from, { op: '<', version: below(0, 0, p.patch + 1) }];
}

function tilde(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const upper = p.minor === undefined ? below(p.major + 1) : below(p.major, p.minor + 1);
  return [{ op: '>=', version: lowest(p) }, { op: '<', version: upper }];
}

function xRange(p: Partial): Comparator[] {
  const next = above(p);
  if (p.major === undefined) return [];
  if (!next) return [{ op: '=', version: lowest(p) }];
  return [{ op: '>=', version: lowest(p) }, { op: '<', version: next }];
}

function primitive(op: Op, p: Partial): Comparator[] | undefined {
  const next = above(p);
  switch (op) {
    case '=':
      return xRange(p);
    case '>=':
      return [{ op: '>=', version: lowest(p) }];
    case '<':
      return p.major === undefined ? [{ op: '<', version: v(0, 0, 0, ['0']) }] : [{ op: '<', version: lowest(p) }];
    case '>':
      if (p.major === undefined) return [{ op: '<', version: v(0, 0, 0, ['0']) }]; // matches nothing
      return next ? [{ op: '>=', version: next }] : [{ op: '>', version: lowest(p) }];
    case '<=':
      if (p.major === undefined) return [];
      return next ? [{ op: '<', version: next }] : [{ op: '<=', version: lowest(p) }];
  }
}

/** One `||` alternative: comparators joined by spaces, or a hyphen range `A - B`. */
function parseSet(text: string): Comparator[] | undefined {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const from = parsePartial(hyphen[1]!);
    const to = parsePartial(hyphen[2]!);
    if (!from || !to) return undefined;
    return [...primitive('>=', from)!, ...primitive('<=', to)!];
  }
  const comparators: Comparator[] = [];
  const tokens = text.replace(/(<=|>=|<|>|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean);
  for (const token of tokens) {
    const match = /^(<=|>=|<|>|=|\^|~>?)?(.*)$/.exec(token)!;
    const p = parsePartial(match[2]!);
    if (!p) return undefined;
    const op = match[1];
    if (op === '^') comparators.push(...caret(p));
    else if (op === '~' || op === '~>') comparators.push(...tilde(p));
    else comparators.push(...primitive((op ?? '=') as Op, p)!);
  }
  return comparators;
}

/** Whether `range` is a range this checker understands. */
export function isValidRange(range: string): boolean {
  return range.split('||').every((set) => parseSet(set.trim()) !== undefined);
}

/**
 * Whether a full version satisfies a semver range. Returns false for an invalid version or
 * range (check `isValidRange` first to tell the user which).
 */
export function satisfies(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  return range.split('||').some((set) => {
    const comparators = parseSet(set.trim());
    return comparators !== undefined && comparators.every((c) => test(parsed, c));
  });
}

function test(version: Version, { op, version: bound }: Comparator): boolean {
  const c = compare(version, bound);
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '=':
      return c === 0;
  }
}
