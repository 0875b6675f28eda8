/**
 * `build`, remembered by the value of its arguments: equal arguments (compared as JSON) return
 * the object built first instead of building again. For the read-only part of a `taskData` —
 * masks, bins, pixel lists — that depends only on the parameters and the data set's shape: a
 * worker thread runs many partitions of one job, and rebuilding a 256 × 256 mask stack for each
 * cost ~1 ms, ~10 % of a virtual-detector job on two threads. The result is shared: never change it.
 * Arguments are compared as JSON (±Infinity and NaN kept apart): pass plain values, not Maps.
 * Keeps the `size` most recently used results (per worker thread: module state is per thread).
 *
 * @example
 * ```ts
 * import { buildMaskStack, memoizeByValue, type DetectorGeometry } from '@stemflow/plugin-sdk';
 *
 * const maskStackOf = memoizeByValue(buildMaskStack);
 * // In taskData: built for the job's first partition on this thread, reused for the others.
 * const geometries: DetectorGeometry[] = [{ shape: 'disk', r: 10 }];
 * const stack = maskStackOf(dataset.sigShape, geometries, 'auto');
 * ```
 */
export function memoizeByValue<A extends unknown[], R>(build: (...args: A) => R, size = 2): (...args: A) => R {
  const results = new Map<string, R>();
  return (...args: A): R => {
    const key = JSON.stringify(args, keepNonFinite);
    if (results.has(key)) {
      const known = results.get(key) as R;
      results.delete(key); // most recently used last
      results.set(key, known);
      return known;
    }
    const built = build(...args);
    results.set(key, built);
    if (results.size > size) results.delete(results.keys().next().value as string);
    return built;
  };
}

/** JSON writes ±Infinity and NaN as null: a radius of Infinity must not meet a missing one. */
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? `\u0000${value}` : value;
}
