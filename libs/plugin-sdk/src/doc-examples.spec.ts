import { join } from 'node:path';
import * as ts from 'typescript';
import { ENTRY_POINTS, publicItems, SDK_SRC, sdkCompilerOptions, sdkProgram } from './doc-comments.fixture';

/*
 * Every ```ts block of an `@example` in the SDK's public docs must type-check (strict, the SDK's
 * own compiler options) as a module of a plugin package: `@stemflow/plugin-sdk` and
 * `@stemflow/plugin-sdk/testing` resolve to this workspace's sources, Jest's globals exist (for
 * testing examples), and examples import every SDK name they use. The only other names they
 * may take as given are the ones in GIVENS, the things a snippet inside a plugin talks about.
 */
const GIVENS = `import type { AnyPlugin, DatasetInfo, Frame, Tile } from '@stemflow/plugin-sdk';
declare global {
  /** The plugin under test (your package's default export). */
  const plugin: AnyPlugin;
  /** The data set a callback was given. */
  const dataset: DatasetInfo;
  /** The tile \`processTile\` was given. */
  const tile: Tile;
  /** The frame \`processFrame\` was given. */
  const frame: Frame;
}
export {};
`;

/** Virtual files live inside src so that module resolution sees the SDK's package.json (CommonJS). */
const EXAMPLES_DIR = join(SDK_SRC, '__doc_examples__');
const GIVENS_FILE = join(EXAMPLES_DIR, 'givens.d.ts');

interface Example {
  file: string;
  owner: string;
  code: string;
}

function collectExamples(): Example[] {
  const examples: Example[] = [];
  for (const item of publicItems(sdkProgram())) {
    item.docs.forEach((doc, d) => {
      doc?.examples.forEach((code, e) => {
        const file = join(EXAMPLES_DIR, `${item.name.replace(/\W/g, '_')}.${d}.${e}.ts`);
        // `export {}` keeps each example a module: its top-level names do not meet other examples'.
        examples.push({ file, owner: `${item.name} (${item.locations[d]})`, code: `${code}\nexport {};\n` });
      });
    });
  }
  return examples;
}

/** Type errors of each example, as `owner line: message`, the line counted inside the example. */
function typeErrors(examples: Example[]): string[] {
  const virtual = new Map<string, string>([[GIVENS_FILE, GIVENS], ...examples.map((e) => [e.file, e.code] as const)]);
  const options: ts.CompilerOptions = {
    ...sdkCompilerOptions(),
    types: ['node', 'jest'],
    paths: Object.fromEntries(Object.entries(ENTRY_POINTS).map(([name, path]) => [name, [path]])),
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError) => {
    const text = virtual.get(fileName);
    return text === undefined ? getSourceFile(fileName, language, onError) : ts.createSourceFile(fileName, text, language);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const errors: string[] = [];
  for (const diagnostic of program.getGlobalDiagnostics()) errors.push(`global: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  for (const file of [GIVENS_FILE, ...examples.map((e) => e.file)]) {
    const source = program.getSourceFile(file)!;
    const owner = examples.find((e) => e.file === file)?.owner ?? 'GIVENS';
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
      const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      errors.push(`${owner} example line ${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    }
  }
  return errors;
}

describe('the @example blocks of the SDK docs', () => {
  const examples = collectExamples();

  it('are found (one or more per export)', () => {
    expect(examples.length).toBeGreaterThan(100);
  });

  it('type-check against the SDK as a plugin author would write them', () => {
    expect(typeErrors(examples)).toEqual([]);
  });

  it('would catch a wrong example: a misspelt export and a wrong argument type fail', () => {
    const wrong: Example[] = [
      { file: join(EXAMPLES_DIR, 'wrong.0.ts'), owner: 'misspelt', code: "import { sumFrame } from '@stemflow/plugin-sdk';\nexport {};\n" },
      { file: join(EXAMPLES_DIR, 'wrong.1.ts'), owner: 'argument', code: "import { product } from '@stemflow/plugin-sdk';\nproduct(3);\nexport {};\n" },
      { file: join(EXAMPLES_DIR, 'wrong.2.ts'), owner: 'fine', code: "import { product } from '@stemflow/plugin-sdk';\nproduct(tile.navIndices.length > 0 ? [2, 3] : []);\nexport {};\n" },
    ];
    const errors = typeErrors(wrong);
    expect(errors.filter((e) => e.startsWith('misspelt example line 1'))).toHaveLength(1);
    expect(errors.filter((e) => e.startsWith('argument example line 2'))).toHaveLength(1);
    expect(errors.filter((e) => e.startsWith('fine'))).toEqual([]);
  });
});
