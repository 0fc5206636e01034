import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const workspaces = ['platform', 'router', ...readdirSync('subgraphs').map((name) => `subgraphs/${name}`)];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/__generated__/**', 'web/src/gql/**', '.data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { import: importPlugin },
    settings: { 'import/core-modules': ['bun:test'] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  // Each workspace's source imports only what its own package.json declares; tests and scripts
  // may use the root's dev tools.
  ...workspaces.map((dir) => ({
    files: [`${dir}/src/**/*.ts`],
    rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: false, packageDir: [`./${dir}`] }] },
  })),
  // Browser code: the GraphiQL page (bundled at build time from the router's dev dependencies).
  {
    files: ['router/src/ide/client/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, packageDir: ['./router'] }] },
  },
  // The web app: browser code whose imports come from web/package.json.
  {
    files: ['web/src/**/*.{ts,tsx}', 'web/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, packageDir: ['./web'] }] },
  },
  {
    files: ['router/src/ide/build.ts'],
    rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, packageDir: ['./router'] }] },
  },
);
