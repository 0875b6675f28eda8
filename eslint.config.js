// Lint enforces the architecture (DESIGN.md): plugins → plugin-sdk ← engine ← api ← cli;
// the web app reaches the host only over HTTP/WebSocket; the engine never imports NestJS.
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');

module.exports = [
  { ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          depConstraints: [
            { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:sdk'] },
            { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:sdk'] },
            { sourceTag: 'type:api', onlyDependOnLibsWithTags: ['type:engine', 'type:sdk'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:tool', 'type:api', 'type:engine', 'type:sdk'] },
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    // Plugins see only the SDK: no engine, host, file system or process access.
    files: ['plugins/*/src/**/*.ts'],
    ignores: ['plugins/*/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@stemflow/engine*', '@stemflow/api*', '@nestjs/*', 'node:*', 'fs', 'child_process'], message: 'plugins import only @stemflow/plugin-sdk' }] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nestjs/*', '@stemflow/api*'], message: 'the engine and SDK never import NestJS or the host' }] }],
    },
  },
  {
    files: ['libs/plugin-sdk/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@stemflow/engine*', '@stemflow/api*', '@nestjs/*'], message: 'the SDK depends on nothing of Stemflow' }] }],
    },
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@stemflow/*', '../../../libs/*', '../../../apps/api/*', 'node:*'], message: 'the web app talks to the host only over HTTP/WebSocket' }] }],
    },
  },
];
