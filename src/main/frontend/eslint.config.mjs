// Lint of the console's sources: ESLint's recommended rules, browser globals for the pages, node's for tests.
import js from '@eslint/js';
import globals from 'globals';

export default [
  js.configs.recommended,
  {
    files: ['src/**/*.js', '*.mjs', 'test/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
    rules: { 'no-unused-vars': ['error', { args: 'none' }], eqeqeq: ['error', 'smart'], 'prefer-const': 'error' },
  },
  { files: ['*.mjs', 'test/**/*.mjs'], languageOptions: { globals: { ...globals.node } } },
];
