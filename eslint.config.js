import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import { layersRule } from './tools/eslint-layers.js';

const electronOnlyHere = 'Only src-main/app and src-main/preload import electron: everything else loads in plain Node (the CLI, the browser host, the tests).';

export default defineConfig([
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'bench/results/**', '.scratch/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { signet: { rules: { layers: layersRule } } },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'signet/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}'],
    ignores: ['src-main/app/**', 'src-main/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: electronOnlyHere }], patterns: [{ group: ['electron/*'], message: electronOnlyHere }] }],
      'no-restricted-syntax': [
        'error',
        { selector: "ImportExpression[source.value='electron']", message: electronOnlyHere },
        { selector: "CallExpression[callee.name='require'][arguments.0.value='electron']", message: electronOnlyHere },
      ],
    },
  },
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:|fs$|net$|http$|https$|child_process$|electron)', message: 'contract/ is pure: no Node modules.' }] }],
    },
  },
  {
    // signing/ is pure: crypto and buffers only, no I/O and no clock (time is passed in).
    files: ['src-main/signing/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:(?!crypto$|buffer$)|fs$|net$|http$|https$|child_process$|electron)', message: 'signing/ is pure: node:crypto and node:buffer only, no I/O.' }] }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'signing/ has no clock: take the time from SignContext.' }, { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'signing/ has no clock: take the time from SignContext.' }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(node:|electron|zod$)', message: 'The renderer has no Node, no Electron; take zod schemas from src-main/contract.' }] }],
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='window'][property.name='signet']", message: 'Only src-renderer/ipc touches window.signet.' }],
    },
  },
  { files: ['src-renderer/ipc/**/*.{ts,tsx}'], rules: { 'no-restricted-syntax': 'off' } },
  // The one place the renderer configures zod itself (CSP: no eval); schemas still come from src-main/contract.
  { files: ['src-renderer/app/zod-jitless.ts'], rules: { 'no-restricted-imports': 'off' } },
]);
