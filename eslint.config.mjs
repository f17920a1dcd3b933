// ESLint (flat config): typescript-eslint's type-checked rules, set to the code's own style, and
// the layer check: a folder may import only the layers below it (docs/architecture.md). The layer
// check is no-restricted-imports per folder — no plugin to keep, and it runs in the same pass.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layers, lowest first; each lists the project folders (under server/src) it must not import. */
const DOMAINS = ['kubernetes', 'dockerfile', 'buildscripts', 'helm', 'kustomize'];
const UPPER_FOR_DOMAINS = ['engine', 'imagemap', 'units', 'workspace', 'rules', 'registry', 'lsp', 'cli', 'action', 'output'];
const otherDomains = (domain) => DOMAINS.filter((d) => d !== domain);
const LAYERS = [
  { folders: ['images'], forbidden: ['shell', 'core', ...DOMAINS, ...UPPER_FOR_DOMAINS] },
  { folders: ['shell'], forbidden: ['images', 'core', ...DOMAINS, ...UPPER_FOR_DOMAINS] },
  // core/rule.ts names the workspace image map's type in RuleContext (a type-only import): imagemap is
  // the one upper folder core may name.
  { folders: ['core'], forbidden: ['shell', ...DOMAINS, ...UPPER_FOR_DOMAINS.filter((f) => f !== 'imagemap')] },
  // The domains read their own file kind (helm and kustomize: a chart or an overlay into manifests):
  // none imports another.
  ...DOMAINS.map((domain) => ({ folders: [domain], forbidden: [...otherDomains(domain), ...UPPER_FOR_DOMAINS] })),
  { folders: ['rules'], forbidden: ['engine', 'workspace', 'registry', 'lsp', 'cli', 'action', 'output'] },
  { folders: ['engine'], forbidden: ['units', 'workspace', 'registry', 'lsp', 'cli', 'action', 'output'] },
  // The workspace image map (what this repository builds) reads the build models beside the engine.
  { folders: ['imagemap'], forbidden: ['rules', 'units', 'workspace', 'registry', 'lsp', 'cli', 'action', 'output'] },
  // Units (a chart, an overlay) render through helm/kustomize and analyse with the engine.
  { folders: ['units'], forbidden: ['workspace', 'registry', 'lsp', 'cli', 'action', 'output'] },
  { folders: ['registry'], forbidden: [...DOMAINS, 'rules', 'engine', 'workspace', 'lsp', 'cli', 'action', 'output'] },
  { folders: ['workspace'], forbidden: ['registry', 'lsp', 'cli', 'action', 'output'] },
  { folders: ['output'], forbidden: ['lsp', 'cli', 'action'] },
  { folders: ['lsp'], forbidden: ['cli', 'action'] },
  { folders: ['cli'], forbidden: ['action'] },
];
/** The engine takes text: below the edges nothing opens files (the shell parser loads its own WASM). */
const NO_DISK = ['core', 'images', 'kubernetes', 'dockerfile', 'buildscripts', 'helm', 'kustomize', 'rules', 'engine', 'imagemap', 'units'];
/**
 * Helm and Kustomize read a chart or an overlay through a source they are given (ChartSource,
 * KustomizeSource); each has one adapter of that source over Node's fs, for the CLI and tests.
 */
const DISK_ADAPTERS = ['server/src/helm/chart/node-fs.ts', 'server/src/kustomize/node-source.ts', 'server/src/units/node-source.ts'];

function layerRules() {
  return LAYERS.flatMap(({ folders, forbidden }) => {
    const files = folders.map((f) => `server/src/${f}/**/*.ts`);
    // A layer is a folder right under server/src: `../output` from kustomize/, `../../output` from
    // helm/template/ — never a file of the same name inside the folder (kustomize/output.ts).
    const patterns = forbidden.map((layer) => ({
      regex: `^(\\.\\./)+${layer}(/|$)`,
      message: `${folders.join('/')} is below ${layer} and must not import it (docs/architecture.md: layers).`,
    }));
    const noDisk = folders.some((f) => NO_DISK.includes(f));
    const paths = noDisk
      ? ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({ name, message: 'the engine never reads the disk: workspace/, cli/ and lsp/ do (docs/architecture.md).' }))
      : [];
    const adapters = noDisk ? DISK_ADAPTERS.filter((file) => folders.some((f) => file.startsWith(`server/src/${f}/`))) : [];
    return [
      { files, ignores: adapters, rules: { 'no-restricted-imports': ['error', { patterns, paths }] } },
      ...(adapters.length > 0 ? [{ files: adapters, rules: { 'no-restricted-imports': ['error', { patterns }] } }] : []),
    ];
  });
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '**/*.js', '**/*.cjs', 'examples/.archlens-cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // The code's style: unused arguments and caught errors are named `_…` when kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Messages interpolate numbers and booleans on purpose.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `void promise` marks a deliberately detached promise (an LSP notification, a registration).
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Handlers passed to the LSP connection may be async; it awaits what they return.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      // tsconfig's noFallthroughCasesInSwitch checks it, and knows a call that never returns ends a case.
      'no-fallthrough': 'off',
    },
  },
  {
    // The registry client is being reworked on its own branch (registry): what its files show here
    // (a detached .then() whose promise never rejects, a rejection passing an unknown error on,
    // Array.isArray's any[]) is left to that branch rather than edited in parallel.
    files: ['server/src/registry/**/*.ts', 'test/registry/**/*.ts', 'test/helpers/registry/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  ...layerRules(),
  {
    // The VS Code side imports only what server and client share: the protocol.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: 'server/src/(?!lsp/protocol$)', message: 'the client imports only server/src/lsp/protocol (it must not pull in server code).' }] }],
    },
  },
  {
    // Tests and benchmarks reach into every layer on purpose, and assert on loosely typed JSON.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'examples/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Fakes implement async interfaces without awaiting; diagnostics' messages are string | MarkupContent.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Expected CLI output is aligned with runs of spaces and coloured with escape codes.
      'no-regex-spaces': 'off',
      'no-control-regex': 'off',
    },
  },
  // Build and helper scripts in plain JavaScript are outside the TypeScript project.
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
  },
);
