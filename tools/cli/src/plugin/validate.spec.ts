import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostApi } from '@stemflow/engine';
import { validatePluginPackage } from './validate';

const REPO = join(__dirname, '../../../..');
const root = mkdtempSync(join(tmpdir(), 'stemflow-validate-'));
const { sdk } = hostApi();

const GOOD_PARAMS = {
  type: 'object',
  required: ['r'],
  properties: {
    r: { type: 'number', title: 'Radius', minimum: 0, default: 4, 'x-ui': { unit: 'px', order: 1 } },
    shape: { enum: ['disk', 'ring'], title: 'Shape', default: 'disk' },
    ri: { type: 'number', title: 'Inner radius', 'x-ui': { showIf: { shape: 'ring' } } },
  },
  'x-ui': { overlay: 'shape' },
};

/**
 * A plugin package as plain files: package.json plus a built dist/index.js whose plugin is plain
 * data. Its kernel and merge throw, so a validation that ran them would report the throw.
 */
function fixture(name: string, changes: { pkg?: object; plugin?: object; params?: object; noDist?: boolean } = {}): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const pkg = {
    name: `stemflow-plugin-${name}`,
    version: '1.0.0',
    keywords: ['stemflow-plugin'],
    stemflow: { role: 'analysis-plugin', pluginId: name, apiVersion: '^1' },
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    peerDependencies: { '@stemflow/plugin-sdk': `^${sdk}` },
    ...changes.pkg,
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  const plugin = { id: name, title: 'A title', description: 'What it does', params: changes.params ?? GOOD_PARAMS, ...changes.plugin };
  if (!changes.noDist) {
    writeFileSync(
      join(dir, 'dist/index.js'),
      `const boom = () => { throw new Error('kernel ran'); };
       exports.default = Object.assign(${JSON.stringify(plugin)}, {
         defaults: (d) => ({ r: d.sigShape[0] / 8 }),
         udf: { buffers: {}, taskData: boom, processTile: boom, processFrame: boom, processPartition: boom, merge: boom },
       });`,
    );
  }
  return dir;
}

/** The problems as "path: first words of the message", to assert on both. */
function problemsOf(dir: string): string[] {
  const report = validatePluginPackage(dir);
  return report.problems.map((p) => `${p.level} ${p.path}: ${p.message}`);
}

describe('stemflow plugin validate', () => {
  it('passes a good package without running its kernel', () => {
    const report = validatePluginPackage(fixture('good'));
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, plugins: ['good'] });
  });

  it.each([
    ['no keyword', { pkg: { keywords: [] } }, 'error package.json#keywords: the host finds plugins by keyword: add "keywords": ["stemflow-plugin"]'],
    ['bad id', { pkg: { stemflow: { role: 'analysis-plugin', pluginId: 'Bad_Id', apiVersion: '^1' } }, plugin: { id: 'bad-id' } }, 'error package.json#stemflow.pluginId'],
    ['api too new', { pkg: { stemflow: { role: 'analysis-plugin', pluginId: 'api-too-new', apiVersion: '^2' } } }, 'error package.json#stemflow.apiVersion: "^2" excludes'],
    ['api not a range', { pkg: { stemflow: { role: 'analysis-plugin', pluginId: 'api-not-a-range', apiVersion: 'one' } } }, 'error package.json#stemflow.apiVersion: "one" is not a version range: use "^1"'],
    ['sdk as dependency', { pkg: { peerDependencies: {}, dependencies: { '@stemflow/plugin-sdk': '^1.0.0' } } }, 'error package.json#dependencies: @stemflow/plugin-sdk is a dependency'],
    ['sdk too old', { pkg: { peerDependencies: { '@stemflow/plugin-sdk': '^0.3.0' } } }, 'error package.json#peerDependencies.@stemflow/plugin-sdk: "^0.3.0" excludes'],
    ['not built', { noDist: true }, 'error package.json#main: dist/index.js does not exist: run "npm run build" first'],
    ['id mismatch', { plugin: { id: 'other' } }, 'error plugins/other/id: id "other" does not match'],
    ['no title', { plugin: { title: '' } }, 'error plugins/no-title/title: missing'],
  ])('%s', (name, changes, expected) => {
    const dir = fixture(name.replace(/ /g, '-'), changes);
    const problems = problemsOf(dir);
    expect(problems).toEqual([expect.stringContaining(expected)]);
    expect(validatePluginPackage(dir).ok).toBe(false);
  });

  const field = (schema: object) => ({ ...GOOD_PARAMS, properties: { ...GOOD_PARAMS.properties, extra: schema } });
  it.each([
    ['literal union', field({ title: 'Mode', anyOf: [{ type: 'string', const: 'a' }, { type: 'string', const: 'b' }] }), 'extra/anyOf: a union of literals', 'use Type.Enum(["a", "b"])'],
    ['object union', field({ title: 'Geometry', anyOf: [{ type: 'object', properties: { r: { type: 'number', title: 'R' } } }, { type: 'object', properties: { w: { type: 'number', title: 'W' } } }] }), 'extra/anyOf: a union of objects without a discriminator', 'Type.Literal'],
    ['record', field({ title: 'Map', type: 'object', patternProperties: { '^.*$': { type: 'number' } } }), 'extra/patternProperties', 'Type.Object'],
    ['not', field({ title: 'Odd', type: 'number', not: { multipleOf: 2 } }), 'extra/not', 'check()'],
    ['no type', field({ title: 'Anything' }), 'extra: has no "type"', 'Type.Number'],
    ['no title', field({ type: 'number' }), 'extra: has no title', "{ title: '…' }"],
    ['bad default', field({ type: 'number', title: 'N', minimum: 0, default: -1 }), 'extra/default: default -1 does not satisfy', 'change the default'],
    ['showIf of a missing field', field({ type: 'number', title: 'N', 'x-ui': { showIf: { mode: 'x' } } }), 'extra/x-ui/showIf: names "mode"', 'use one of'],
    ['invalid JSON Schema type', field({ type: 'float', title: 'F' }), 'extra/type: "float" is not a JSON Schema type', 'use string, number'],
  ])('schema: %s', (name, params, where, fix) => {
    const problems = problemsOf(fixture(`schema-${name.replace(/ /g, '-').toLowerCase()}`, { params }));
    expect(problems).toEqual([expect.stringContaining(`error plugins/schema-${name.replace(/ /g, '-').toLowerCase()}/params/properties/${where}`)]);
    expect(problems[0]).toContain(fix);
  });

  it('accepts a discriminated union of objects and a nullable number', () => {
    const kind = (k: string) => ({ type: 'object', title: k, properties: { kind: { const: k, type: 'string', title: 'Kind' }, v: { type: 'number', title: 'V' } } });
    const params = { ...GOOD_PARAMS, properties: { ...GOOD_PARAMS.properties, g: { title: 'G', anyOf: [kind('a'), kind('b')] }, n: { title: 'N', anyOf: [{ type: 'number' }, { type: 'null' }] } } };
    expect(problemsOf(fixture('unions', { params }))).toEqual([]);
  });

  it('knows the overlays the web app draws (a lattice among them) and warns about others', () => {
    expect(problemsOf(fixture('lattice-overlay', { params: { ...GOOD_PARAMS, 'x-ui': { overlay: 'lattice' } } }))).toEqual([]);
    expect(problemsOf(fixture('hexagon-overlay', { params: { ...GOOD_PARAMS, 'x-ui': { overlay: 'hexagon' } } }))).toEqual([
      expect.stringMatching(/^warning plugins\/hexagon-overlay\/params\/x-ui\/overlay: the web app draws no overlay "hexagon": .* lattice$/),
    ]);
  });

  it('names further analyses of a package "<pluginId>.<name>": a dashed suffix could be another package\'s id', () => {
    expect(problemsOf(fixture('multi', { plugin: { id: 'multi.guess' } }))).toEqual([]);
    expect(problemsOf(fixture('multi-dash', { plugin: { id: 'multi-dash-guess' } }))).toEqual([
      'warning plugins/multi-dash-guess/id: id "multi-dash-guess": name a package\'s further analyses "multi-dash.<name>" (e.g. "multi-dash.guess")',
    ]);
  });

  it('checks data-set-aware defaults against the schema', () => {
    const dir = fixture('neg-defaults', { params: { ...GOOD_PARAMS, properties: { ...GOOD_PARAMS.properties, r: { type: 'number', title: 'R', maximum: 1 } } } });
    expect(problemsOf(dir)).toEqual([expect.stringContaining('error plugins/neg-defaults/defaults/r: defaults() gives 8 for a 64×64 frame')]);
  });

  it('reports a module that fails to load and a folder without package.json', () => {
    const dir = fixture('throws');
    writeFileSync(join(dir, 'dist/index.js'), "throw new Error('top-level failure');");
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^error package.json#main: loading .* failed: top-level failure/)]);
    expect(problemsOf(join(root, 'nothing-here'))).toEqual([expect.stringContaining('error package.json: no package.json')]);
  });

  // Built-ins must all pass without warnings: they are the examples plugin authors copy (needs `nx run-many -t build`).
  it.each(readdirSync(join(REPO, 'plugins')))('built-in plugin %s validates clean', (name) => {
    const report = validatePluginPackage(join(REPO, 'plugins', name));
    expect(report.problems).toEqual([]);
    expect(report.plugins.length).toBeGreaterThan(0);
  });
});
