// Lint: typescript-eslint, React hooks, and import zones that keep capabilities apart (STYLE.md):
// a server module reaches another only through its *.service.ts; web features never import each other.
import { readdirSync, existsSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const dirs = (p) => (existsSync(p) ? readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : []);

const serverModules = dirs('apps/server/src/modules');
const webFeatures = dirs('apps/web/src/features');

const zones = [
  // The three packages: web and server never import each other; contracts import neither.
  { target: './apps/web', from: './apps/server', message: 'The web talks to the server over HTTP, typed by @grip/contracts.' },
  { target: './apps/server', from: './apps/web' },
  { target: './packages/contracts', from: './apps' },
  // Server modules: another module only through its service.
  ...serverModules.flatMap((m) =>
    serverModules
      .filter((o) => o !== m)
      .map((o) => ({
        target: `./apps/server/src/modules/${m}`,
        from: `./apps/server/src/modules/${o}`,
        except: [`./${o}.service.ts`],
        message: `Module "${m}" may use module "${o}" only through ${o}.service.ts.`,
      })),
  ),
  // Web features never import each other; routes compose them.
  ...webFeatures.map((f) => ({
    target: `./apps/web/src/features/${f}`,
    from: './apps/web/src/features',
    except: [`./${f}`],
    message: `Feature "${f}" must not import another feature; compose them in a route.`,
  })),
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'bench/results/**',
      'e2e/artifacts/**',
      'test-results/**',
      'playwright-report/**',
      'apps/web/src/routeTree.gen.ts',
      'apps/server/src/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          noWarnOnMultipleProjects: true,
          project: ['apps/*/tsconfig.json', 'packages/*/tsconfig.json', 'bench/tsconfig.json', 'e2e/tsconfig.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Services and repositories know nothing of HTTP.
    files: ['apps/server/src/modules/**/*.service.ts', 'apps/server/src/modules/**/*.repository.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['fastify', '@fastify/*'], message: 'Keep HTTP in *.routes.ts.' }] }],
    },
  },
  {
    files: ['apps/web/**/*.{js,ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    files: ['scripts/**', 'bench/**', 'e2e/**', '**/*.test.ts', 'apps/server/test/**', 'apps/web/vite.config.ts'],
    rules: { 'no-console': 'off' },
  },
);
