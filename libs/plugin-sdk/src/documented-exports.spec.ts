import { parseDocComment, publicItems, sdkProgram, type PublicItem } from './doc-comments.fixture';

/*
 * Issue #8: the SDK is documented for its users. Every export of `@stemflow/plugin-sdk` and
 * `@stemflow/plugin-sdk/testing` has a TSDoc summary on each declaration and at least one
 * `@example` with a ```ts block (doc-examples.spec.ts type-checks those); every public member
 * of an exported class or interface has a summary.
 */

const items = publicItems(sdkProgram());
const exportsOnly = items.filter((item) => item.kind === 'export');

/** `name (file:line)` for each declaration of an item that has no summary. */
function withoutSummary(item: PublicItem): string[] {
  return item.docs.flatMap((doc, i) => (doc && doc.summary.length > 0 ? [] : [`${item.name} (${item.locations[i]})`]));
}

describe('the public surface of the SDK', () => {
  it('is found: both entry points and their best-known exports', () => {
    const names = exportsOnly.map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['definePlugin', 'Type', 'sumFrames', 'MemoryDataSet', 'runUdf', 'awkwardCases']));
    expect(new Set(exportsOnly.map((item) => item.entryPoint))).toEqual(new Set(['@stemflow/plugin-sdk', '@stemflow/plugin-sdk/testing']));
    expect(items.map((item) => item.name)).toEqual(expect.arrayContaining(['PluginDefinition.udf', 'MemoryDataSet.readFrames', 'MemoryDataSet.data']));
  });

  it('has a TSDoc summary on every declaration of every export', () => {
    expect(exportsOnly.flatMap(withoutSummary)).toEqual([]);
  });

  it('has an @example with a ```ts block on every export', () => {
    const missing = exportsOnly.filter((item) => !item.docs.some((doc) => doc && doc.examples.length > 0)).map((item) => `${item.name} (${item.locations.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has no @example without code (it would escape the compile check)', () => {
    const empty = items.filter((item) => item.docs.some((doc) => doc && doc.examplesWithoutCode > 0)).map((item) => `${item.name} (${item.locations.join(', ')})`);
    expect(empty).toEqual([]);
  });

  it('has a summary on every public member of exported classes and interfaces', () => {
    expect(items.filter((item) => item.kind === 'member').flatMap(withoutSummary)).toEqual([]);
  });
});

describe('parseDocComment', () => {
  it('splits the summary from block tags and takes only ```ts fences under @example', () => {
    const doc = parseDocComment(
      ['/**', ' * Sum the frames.', ' * Accumulates.', ' *', ' * @param tile - the tile', ' * @example', ' * ```ts', ' * const a = 1;', ' * // @param inside code', ' * ```', ' * @remarks', ' * ```ts', ' * notAnExample();', ' * ```', ' */'].join('\n'),
    );
    expect(doc).toEqual({ summary: 'Sum the frames. Accumulates.', examples: ['const a = 1;\n// @param inside code'], examplesWithoutCode: 0 });
  });

  it('counts an @example that has no code, and an undocumented summary is empty', () => {
    const doc = parseDocComment('/**\n * @example\n * runUdf(plugin, ds)\n */');
    expect(doc).toEqual({ summary: '', examples: [], examplesWithoutCode: 1 });
    expect(parseDocComment('/** One line. */').summary).toBe('One line.');
  });
});
