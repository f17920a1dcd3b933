/**
 * `npm run test:desktop`: the extension-host part of the e2e suite in desktop VS Code, through
 * @vscode/test-electron (which downloads VS Code — this works on machines that can reach the
 * download site; CI here cannot, and runs the same scenarios in code-server: `npm run e2e`).
 *
 * The runner starts the loopback registry, writes the workspace and user settings, asks the engine
 * what it must report, bundles the in-editor mocha suite and launches VS Code on it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { prepareEngine } from '../../../server/src/engine/prepare';
import { applyEdits } from '../../../server/src/engine/text';
import type { Finding } from '../../../server/src/engine/types';
import { repoRoot } from '../harness/env';
import { expectedFinding } from '../harness/expected';
import { API_DEPLOYMENT, BILLING_DEPLOYMENT, BUILD_DOCKERFILE } from '../harness/fixtures';
import { SCENARIO_IMAGES, startE2ERegistry } from '../harness/registry';
import type { DesktopExpectations, ExpectedFix } from './expectations';

const FILES = { dockerfile: 'Dockerfile', deployment: 'deploy/billing.yaml', neverOpened: 'deploy/never-opened.yaml' };

function withFix(file: string, text: string, finding: Finding): Pick<Finding, 'message' | 'range' | 'severity'> & { fix: ExpectedFix } {
  const fix = finding.fixes?.find((f) => f.preferred) ?? finding.fixes?.[0];
  if (!fix) throw new Error(`${finding.rule} in ${file} offers no fix`);
  return { message: finding.message, range: finding.range, severity: finding.severity, fix: { title: fix.title, fixedText: applyEdits(text, fix.edits) } };
}

async function main(): Promise<void> {
  await prepareEngine();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-desktop-'));
  const workspace = path.join(root, 'workspace');
  const files: Record<string, string> = {
    [FILES.dockerfile]: BUILD_DOCKERFILE,
    [FILES.deployment]: BILLING_DEPLOYMENT,
    [FILES.neverOpened]: BILLING_DEPLOYMENT.replace(/billing/g, 'ledger').replace('acme/ledger:1.4.2', 'acme/billing:1.4.2'),
    'deploy/api.yaml': API_DEPLOYMENT,
  };
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
    fs.writeFileSync(path.join(workspace, relative), content);
  }
  const expectations: DesktopExpectations = {
    files: FILES,
    al301: withFix(FILES.dockerfile, BUILD_DOCKERFILE, expectedFinding(FILES.dockerfile, BUILD_DOCKERFILE, 'AL301')),
    al202: withFix(FILES.deployment, BILLING_DEPLOYMENT, expectedFinding(FILES.deployment, BILLING_DEPLOYMENT, 'AL202', SCENARIO_IMAGES)),
    image: 'acme/billing:1.4.2',
    neverOpenedRule: 'AL202',
  };
  const expectFile = path.join(root, 'expectations.json');
  fs.writeFileSync(expectFile, JSON.stringify(expectations, null, 2));

  // The suite runs inside the extension host (plain Node, no TypeScript loader): bundle it, into
  // the git-ignored out/ so that `require('mocha')` finds the project's node_modules.
  const outDir = path.join(repoRoot, 'out', 'desktop-suite');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: path.join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
  });

  const registry = await startE2ERegistry();
  const userDataDir = path.join(root, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    ...registry.settings,
  }, null, 2));
  try {
    await runTests({
      ...(process.env.ARCHLENS_VSCODE_VERSION ? { version: process.env.ARCHLENS_VSCODE_VERSION } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(outDir, 'index.js'),
      launchArgs: [workspace, '--user-data-dir', userDataDir, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: {
        ARCHLENS_DESKTOP_EXPECT: expectFile,
        ARCHLENS_DESKTOP_WORKSPACE: workspace,
      },
    });
    fs.rmSync(root, { recursive: true, force: true });
  } finally {
    await registry.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`test:desktop failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
