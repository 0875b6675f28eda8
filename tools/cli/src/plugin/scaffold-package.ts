import { hostApi, parseVersion } from '@stemflow/engine';

/**
 * Tool versions a new plugin is built and tested with: those of the Stemflow repository
 * (a spec keeps them equal to the root package.json).
 */
export const SCAFFOLD_DEV_DEPENDENCIES = {
  '@swc/core': '^1.16.22',
  '@swc/jest': '^0.2.39',
  '@types/jest': '^30.0.0',
  '@types/node': '^20.19.43',
  jest: '^30.5.2',
  typescript: '~5.9.3',
} as const;

/** The ranges a new plugin declares: the host's plugin API major and a caret range of its SDK. */
export function hostRanges(): { apiVersion: string; sdkRange: string } {
  const host = hostApi();
  const major = parseVersion(host.pluginApi)?.[0] ?? 1;
  return { apiVersion: `^${major}`, sdkRange: `^${host.sdk}` };
}

/** package.json of a new plugin: keyword, `stemflow` field, built entry, SDK as peer dependency. */
export function packageJson(name: string, pluginId: string): string {
  const { apiVersion, sdkRange } = hostRanges();
  const pkg = {
    name,
    version: '0.1.0',
    description: `Stemflow analysis plugin ${pluginId}`,
    license: 'MIT',
    keywords: ['stemflow-plugin'],
    stemflow: { role: 'analysis-plugin', pluginId, apiVersion },
    main: 'dist/index.js',
    types: 'dist/index.d.ts',
    files: ['dist'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      test: 'jest',
      prepack: 'npm run build',
    },
    peerDependencies: { '@stemflow/plugin-sdk': sdkRange },
    // The SDK again as a dev dependency: tests and the build need it installed here too.
    devDependencies: { '@stemflow/plugin-sdk': sdkRange, ...SCAFFOLD_DEV_DEPENDENCIES },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Compiles src/ to CommonJS in dist/ (the host `require`s the package); specs are not shipped. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'node16',
      moduleResolution: 'node16',
      strict: true,
      declaration: true,
      sourceMap: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node', 'jest'],
      outDir: 'dist',
      rootDir: 'src',
    },
    include: ['src/**/*.ts'],
    exclude: ['src/**/*.spec.ts'],
  },
  null,
  2,
)}\n`;

/**
 * Jest with swc (no type-check: `npm run build` does that). Module resolution is plain Node
 * resolution from this folder: the SDK and typebox come from node_modules, as `npm install` puts
 * them. typebox ships ES modules only, so swc transforms it for Jest.
 */
export const JEST_CONFIG = `/** Tests run the TypeScript sources through swc; \`npm run build\` type-checks them. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json', 'node'],
  transform: {
    '^.+\\\\.(t|j|mj)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!typebox/)'],
};
`;

export const GITIGNORE = `node_modules/
dist/
*.tgz
coverage/
`;
