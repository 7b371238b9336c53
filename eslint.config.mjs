import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * From files matching `files`, `up` leads to src/modules/: an import `<up><module>/<anything but index>`
 * is a deep import into another module.
 */
function doorRule(files, up) {
  const escapedUp = up.replace(/[.]/g, '\\.');
  return {
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^${escapedUp}[^./][^/]*/(?!index(\\.ts)?$).+`,
              message:
                "import another module through its index.ts (e.g. '../ingress'), never a file inside it",
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.data/**',
      'console/dist/**',
      'test/artifacts/**',
      'sdk/dist/**',
      'sdk/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'read configuration through src/config only',
        },
      ],
    },
  },
  {
    files: ['src/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'bench/**/*.mjs', 'test/**/*.mjs'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // The module door rule, also checked by dependency-cruiser (`npm run boundaries`), here so an editor
  // shows it while typing: another module is reached only through its index.ts, and shared/, config/
  // and database/ never reach into modules. One block per folder depth, since `..` means a different
  // folder from each.
  doorRule('src/modules/*/*.ts', '../'),
  doorRule('src/modules/*/*/*.ts', '../../'),
  {
    files: ['src/shared/**/*.ts', 'src/config/**/*.ts', 'src/database/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)modules(/|$)',
              message: 'shared/, config/ and database/ sit below the modules and never import one',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
