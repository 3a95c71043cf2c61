// Lint config. Besides the usual rules it enforces the layering of embedded-server/
// (see docs/architecture.md): base ← runtime ← core ← c2s/modules ← adapters, and that only
// adapters/ import database drivers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const drivers = ['better-sqlite3', 'pg', 'ioredis'].map((name) => ({
  name,
  message: 'Database drivers are imported only under embedded-server/adapters/.',
}));

function layer(files, forbiddenDirs) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: drivers,
          patterns: forbiddenDirs.map((dir) => ({
            group: [`**/${dir}/*`, `../${dir}/*`, `./${dir}/*`],
            message: `This layer may not import from embedded-server/${dir}/ (see docs/architecture.md).`,
          })),
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'data/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='electron']", message: 'Only main/electron/ may import electron.' },
      ],
    },
  },
  layer(['embedded-server/base/**'], ['runtime', 'core', 'c2s', 'modules', 'adapters', 'storage', 'config', 'cli']),
  layer(['embedded-server/runtime/**'], ['core', 'c2s', 'modules', 'adapters', 'storage', 'config', 'cli']),
  layer(['embedded-server/storage/**'], ['runtime', 'core', 'c2s', 'modules', 'adapters', 'config', 'cli']),
  layer(['embedded-server/core/**'], ['c2s', 'modules', 'adapters', 'config', 'cli']),
  layer(['embedded-server/c2s/**', 'embedded-server/modules/**'], ['adapters', 'config', 'cli']),
  // The renderer talks only to the console API: it imports nothing from outside itself but main/common.
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/embedded-server/*', '**/main/core/*', '**/main/web/*', '**/main/electron/*'], message: 'The renderer imports only main/common from outside renderer/.' },
          ],
        },
      ],
    },
  },
  layer(['embedded-server/observability/**'], ['c2s', 'modules', 'adapters', 'node', 'cli', 'admin']),
  // The admin contract is what clients (the console, scripts) import: it stays free of node internals.
  layer(['embedded-server/admin/contract/**'], ['runtime', 'core', 'c2s', 'modules', 'adapters', 'storage', 'node', 'cli', 'observability', 'server', 'routes']),
);
