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
import { applyEdits } from '../../../server/src/core/text';
import type { Finding } from '../../../server/src/core/types';
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

export interface PreparedRun {
  root: string;
  workspace: string;
  /** Environment the in-editor suite reads (expectations, workspace, where to write its result). */
  suiteEnv: Record<string, string>;
  /** The bundled suite entry point (extensionTestsPath). */
  suiteIndex: string;
  /** User settings: quiet workbench, trusted, registry mirrors pointing at the loopback registry. */
  userSettings: Record<string, unknown>;
  stop(): Promise<void>;
}

/** Workspace, expectations, bundled suite and loopback registry for one run of the suite. */
export async function prepareDesktopRun(): Promise<PreparedRun> {
  await prepareEngine();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-desktop-'));
  const workspace = path.join(root, 'workspace');
  const files: Record<string, string> = {
    [FILES.dockerfile]: BUILD_DOCKERFILE,
    [FILES.deployment]: BILLING_DEPLOYMENT,
    // Another workload of the same single-arch image, never opened by the suite.
    [FILES.neverOpened]: BILLING_DEPLOYMENT.replace(/name: billing|app: billing/g, (m) => m.replace('billing', 'ledger')),
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
  expectedFinding(FILES.neverOpened, files[FILES.neverOpened], 'AL202', SCENARIO_IMAGES); // the fixture really has one
  const expectFile = path.join(root, 'expectations.json');
  fs.writeFileSync(expectFile, JSON.stringify(expectations, null, 2));

  // The suite runs inside the extension host (plain Node, no TypeScript loader): bundle it, into
  // the git-ignored out/ so that `require('mocha')` finds the project's node_modules.
  const suiteIndex = path.join(repoRoot, 'out', 'desktop-suite', 'index.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: suiteIndex,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });

  const registry = await startE2ERegistry();
  return {
    root,
    workspace,
    suiteIndex,
    suiteEnv: {
      ARCHLENS_DESKTOP_EXPECT: expectFile,
      ARCHLENS_DESKTOP_WORKSPACE: workspace,
      ARCHLENS_DESKTOP_RESULT: path.join(root, 'result.json'),
    },
    userSettings: {
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      ...registry.settings,
    },
    stop: async () => {
      await registry.stop();
    },
  };
}

async function main(): Promise<void> {
  const run = await prepareDesktopRun();
  const userDataDir = path.join(run.root, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(run.userSettings, null, 2));
  try {
    await runTests({
      ...(process.env.ARCHLENS_VSCODE_VERSION ? { version: process.env.ARCHLENS_VSCODE_VERSION } : {}),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: run.suiteIndex,
      launchArgs: [run.workspace, '--user-data-dir', userDataDir, '--disable-extensions', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: run.suiteEnv,
    });
    fs.rmSync(run.root, { recursive: true, force: true });
  } finally {
    await run.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`test:desktop failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  });
}
