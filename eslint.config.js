import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', 'vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        Buffer: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    // One masking registry: a secret masked elsewhere would never reach safeMessage's scrub list.
    files: ['src/**/*.ts'],
    ignores: ['src/secrets.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'setSecret', message: 'Mask through mask() in src/secrets.ts.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='setSecret']",
          message: 'Mask through mask() in src/secrets.ts.',
        },
        {
          selector: "ObjectPattern > Property[key.name='setSecret']",
          message: 'Mask through mask() in src/secrets.ts.',
        },
        {
          selector: "Literal[value='add-mask']",
          message: 'Mask through mask() in src/secrets.ts, not a raw ::add-mask:: command.',
        },
      ],
    },
  },
  {
    files: ['emulator/**', 'scripts/**', '__tests__/**', 'harness/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.cjs', '.*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly' },
    },
  },
);
