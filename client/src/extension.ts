/**
 * The VS Code side of archlens: starts the language server, passes settings and workspace trust,
 * and adds the commands, the status bar item and the log. Everything about files lives in the
 * server; this stays thin.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  Notifications, PROXY_ENV, PROXY_FROM_ENV, ServerCommands,
  type CheckProgressParams, type CheckWorkspaceResult, type ImagePlatformsResult, type InitializationOptions, type StatusParams,
} from '../../server/src/lsp/protocol';
import { KubeError, readClusterTargets } from './kube';
import { relativeLinks } from './links';
import { StatusItem } from './status';
import { LookupTrouble } from './trouble';

const SCHEME = 'archlens';
/** Red Hat's YAML extension reports YAML syntax errors: archlens leaves them to it when it is installed. */
const RED_HAT_YAML = 'redhat.vscode-yaml';
/** Docker DX runs BuildKit's checks: FromPlatformFlagConstDisallowed and RedundantTargetPlatform are AL303 and AL304. */
const DOCKER_DX = 'docker.docker';
const DOCKER_DX_RULES = ['AL303', 'AL304'];
const RULE_CODE = /^AL\d{3}$/;

/** The documents archlens reads, by existing language ids and file patterns (it claims no language of its own). */
export const DOCUMENT_SELECTOR: Array<{ language: string } | { scheme: string; pattern: string }> = [
  { language: 'yaml' },
  { language: 'dockerfile' },
  { language: 'shellscript' },
  { language: 'makefile' },
  ...[
    '**/{Dockerfile,Containerfile}', '**/{Dockerfile,Containerfile}.*', '**/{Dockerfile,Containerfile}-*', '**/*.{dockerfile,Dockerfile,containerfile}',
    '**/{docker-compose,compose}*.{yml,yaml}', '**/.github/workflows/*.{yml,yaml}', '**/.gitlab-ci.{yml,yaml}',
    '**/docker-bake*.json', '**/*.hcl', '**/*.{sh,bash,mk}', '**/{Makefile,makefile,GNUmakefile}', '**/{Makefile,makefile,GNUmakefile}.*',
  ].map((pattern) => ({ scheme: 'file', pattern })),
];

let languageClient: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('archlens', { log: true });
  const trouble = new LookupTrouble(log);
  const status = new StatusItem({ log: 'archlens.showLog', trouble: 'archlens.lookupTroubleOptions' }, (doc, documents) =>
    !!languageClient && documents.includes(languageClient.code2ProtocolConverter.asUri(doc.uri)));
  const virtualDocs = new VirtualDocuments();
  context.subscriptions.push(log, status, vscode.workspace.registerTextDocumentContentProvider(SCHEME, virtualDocs));

  const serverModule = context.asAbsolutePath('dist/server.mjs');
  // Updated before every (re)start: the proxy URL (maybe with credentials) goes by environment.
  const env: NodeJS.ProcessEnv = { ...process.env, [PROXY_ENV]: editorProxy() };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  let redHatYaml = vscode.extensions.getExtension(RED_HAT_YAML) !== undefined;
  let dockerDx = vscode.extensions.getExtension(DOCKER_DX) !== undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    // Read at every (re)start, so a trust grant takes effect with a restart.
    initializationOptions: (): InitializationOptions => ({
      trusted: vscode.workspace.isTrusted,
      cacheDir: context.globalStorageUri.fsPath,
      statusNotifications: true,
      ruleDocsCommand: 'archlens.showRuleDoc',
      yamlSyntaxErrorsElsewhere: redHatYaml,
      rulesElsewhere: dockerDx ? DOCKER_DX_RULES : [],
    }),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.archlens.{yaml,yml}') },
    // Diagnostics of files the workspace check read stay in the Problems panel.
    diagnosticCollectionName: 'archlens',
    middleware: {
      workspace: {
        // Settings answers are traced with archlens.trace.server: a proxy URL never goes in them.
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          return answers.map((answer: unknown) => withoutProxyUrl(answer));
        },
      },
    },
  };
  const client = new LanguageClient('archlens', 'archlens', serverOptions, clientOptions);
  languageClient = client;
  context.subscriptions.push(
    client.onNotification(Notifications.status, (s: StatusParams) => {
      status.update(s);
      trouble.onStatus(s);
    }),
    client.onDidChangeState((e) => { if (e.newState === State.Stopped) status.stopped('the language server stopped; see the log'); }),
    vscode.window.onDidChangeActiveTextEditor((editor) => status.refreshVisibility(editor)),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('archlens.showLog', () => log.show(true)),
    vscode.commands.registerCommand('archlens.checkWorkspace', () => checkWorkspace(client, virtualDocs, log, context.globalStorageUri)),
    vscode.commands.registerCommand('archlens.showImagePlatforms', (image?: string) => showImagePlatforms(client, virtualDocs, image)),
    vscode.commands.registerCommand('archlens.clearCache', () => clearCache(client, log, context.globalStorageUri)),
    vscode.commands.registerCommand('archlens.setTargetsFromKubeContext', () => setTargetsFromKubeContext(log)),
    vscode.commands.registerCommand('archlens.lookupTroubleOptions', () => trouble.offer()),
    vscode.commands.registerCommand('archlens.showRuleDoc', (code?: unknown) => showRuleDoc(context, code)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('http.proxy') && !e.affectsConfiguration('archlens.proxy')) return;
      env[PROXY_ENV] = editorProxy();
      log.info('proxy setting changed: restarting the server');
      await client.restart();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      log.info('workspace trusted: restarting the server with registry look-ups enabled');
      await client.restart();
    }),
    vscode.extensions.onDidChange(async () => {
      const yaml = vscode.extensions.getExtension(RED_HAT_YAML) !== undefined;
      const docker = vscode.extensions.getExtension(DOCKER_DX) !== undefined;
      if (yaml === redHatYaml && docker === dockerDx) return;
      redHatYaml = yaml;
      dockerDx = docker;
      log.info(`${yaml ? 'Red Hat YAML is installed: YAML syntax errors are left to it' : 'archlens reports YAML syntax errors'}; ${docker ? `Docker DX is installed: ${DOCKER_DX_RULES.join(', ')} are left to its BuildKit checks` : 'archlens reports every Dockerfile rule'}`);
      await client.restart();
    }),
  );
  await client.start();
  status.refreshVisibility();
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
  languageClient = undefined;
}

/** archlens.proxy, else VS Code's http.proxy (empty: the server falls back to HTTPS_PROXY). */
function editorProxy(): string {
  const own = vscode.workspace.getConfiguration('archlens').get<string>('proxy')?.trim();
  return own || vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim() || '';
}

/** A settings section with its `proxy` replaced by the marker the server resolves from its environment. */
function withoutProxyUrl(section: unknown): unknown {
  if (!section || typeof section !== 'object' || !('proxy' in section)) return section;
  const proxy = (section as { proxy?: unknown }).proxy;
  if (typeof proxy !== 'string' || proxy.trim() === '') return section;
  return { ...(section as object), proxy: PROXY_FROM_ENV };
}

/** Read-only documents for reports and platform listings (no "save?" prompt when closed). */
class VirtualDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  set(path: string, content: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path });
    this.contents.set(uri.toString(), content);
    this.changed.fire(uri);
    return uri;
  }
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

async function checkWorkspace(c: LanguageClient, docs: VirtualDocuments, log: vscode.LogOutputChannel, storage: vscode.Uri): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showWarningMessage('archlens: open a folder to check its workspace.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'archlens: checking workspace', cancellable: true },
    async (progress, token) => {
      const progressId = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      let reported = 0;
      const sub = c.onNotification(Notifications.checkProgress, (p: CheckProgressParams) => {
        if (p.progressId !== progressId || p.total === 0) return;
        const percent = Math.floor((p.done / p.total) * 100);
        progress.report({ message: `${p.done}/${p.total} files · ${p.findings} findings`, increment: Math.max(0, percent - reported) });
        reported = Math.max(reported, percent);
      });
      try {
        return await c.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.checkWorkspace, arguments: [{ progressId }] }, token) as CheckWorkspaceResult | null;
      } catch (error) {
        if (token.isCancellationRequested) return null;
        throw error;
      } finally {
        sub.dispose();
      }
    },
  );
  if (!result) {
    log.info('workspace check cancelled');
    return;
  }
  const uri = await writeReport(result.markdown, storage, log) ?? docs.set('/archlens-report.md', result.markdown);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { preview: false });
  }
  const summary = `archlens: ${result.files} files checked, ${result.findings} findings${result.cancelled ? ' (cancelled)' : ''}.`;
  void vscode.window.showInformationMessage(summary, 'Show Problems').then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/**
 * The report as a real file in the extension's storage, so the Markdown preview renders its file
 * links (it refuses `file:` URLs but follows paths relative to the document, `#L` lines included).
 */
async function writeReport(markdown: string, storage: vscode.Uri, log: vscode.LogOutputChannel): Promise<vscode.Uri | undefined> {
  if (storage.scheme !== 'file') return undefined;
  try {
    await vscode.workspace.fs.createDirectory(storage);
    const uri = vscode.Uri.joinPath(storage, 'archlens-report.md');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(relativeLinks(markdown, path.dirname(uri.fsPath))));
    return uri;
  } catch (error) {
    log.warn(`could not write the report file: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function showImagePlatforms(c: LanguageClient, docs: VirtualDocuments, image?: string): Promise<void> {
  let result: ImagePlatformsResult | undefined;
  const editor = vscode.window.activeTextEditor;
  if (!image && editor) {
    result = await c.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommands.imagePlatforms,
      arguments: [{ uri: c.code2ProtocolConverter.asUri(editor.document.uri), position: editor.selection.active }],
    }) as ImagePlatformsResult;
    if (!result.image) result = undefined;
  }
  if (!result) {
    image ??= await vscode.window.showInputBox({ title: 'archlens: Show Image Platforms', prompt: 'Image reference', placeHolder: 'nginx:1.27, ghcr.io/org/app@sha256:…', ignoreFocusOut: true });
    if (!image) return;
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `archlens: looking up ${image}` }, () =>
      c.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.imagePlatforms, arguments: [{ image }] }) as Promise<ImagePlatformsResult>);
  }
  const name = (result.image ?? image ?? 'image').replace(/[^A-Za-z0-9._@:-]+/g, '_');
  const uri = docs.set(`/platforms/${name}.txt`, result.text);
  await vscode.window.showTextDocument(uri, { preview: true });
}

async function setTargetsFromKubeContext(log: vscode.LogOutputChannel): Promise<void> {
  let targets: string[];
  try {
    targets = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'archlens: reading the nodes of the current kube context' }, () => readClusterTargets());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The person reads a sentence; kubectl's own lines go to the log.
    log.warn(`set targets from kube context: ${message}${error instanceof KubeError && error.output ? `\n${error.output}` : ''}`);
    const choice = await vscode.window.showErrorMessage(`archlens could not read the cluster's nodes: ${message}`, 'Show Log');
    if (choice) log.show(true);
    return;
  }
  const scope = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('archlens').update('targets', targets, scope);
  log.info(`targets set from the kube context: ${targets.join(', ')}`);
  void vscode.window.showInformationMessage(`archlens: targets set to ${targets.join(', ')}.`);
}

/** Where the platform cache is: archlens.cacheDir (relative to the first workspace folder), else the extension's storage. */
function cacheFolder(storage: vscode.Uri): string {
  const setting = vscode.workspace.getConfiguration('archlens').get<string>('cacheDir')?.trim();
  if (!setting) return storage.fsPath;
  if (setting === '~' || setting.startsWith('~/')) return path.join(os.homedir(), setting.slice(1));
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return path.isAbsolute(setting) || !folder ? setting : path.resolve(folder, setting);
}

/** Asks first: the cache may be all there is to answer from (offline mode), or a folder the team shares. */
async function clearCache(c: LanguageClient, log: vscode.LogOutputChannel, storage: vscode.Uri): Promise<void> {
  const offline = vscode.workspace.getConfiguration('archlens').get<boolean>('offline') === true;
  const folder = cacheFolder(storage);
  const detail = offline
    ? `Offline mode is on: this cache is the only source of image platforms. Once it is cleared, images stay unchecked until archlens can reach a registry again.\n\nFolder: ${folder}`
    : `Image platforms will be looked up again from the registries.\n\nFolder: ${folder}`;
  const choice = await vscode.window.showWarningMessage(
    offline ? 'Clear the platform cache? It is the only source of answers in offline mode.' : 'Clear the archlens platform cache?',
    { modal: true, detail },
    'Clear Cache',
  );
  if (choice !== 'Clear Cache') {
    log.info('clear platform cache: cancelled');
    return;
  }
  await c.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.clearCache, arguments: [] });
  void vscode.window.showInformationMessage('archlens: platform cache cleared.');
}

/** The rule's page bundled in the extension (docs/rules/ALnnn.md), in the Markdown preview: it works offline. */
async function showRuleDoc(context: vscode.ExtensionContext, code: unknown): Promise<void> {
  if (typeof code !== 'string' || !RULE_CODE.test(code)) {
    void vscode.window.showWarningMessage(`archlens: no documentation for "${String(code)}".`);
    return;
  }
  const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', `${code}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`archlens: the page for ${code} is missing from this installation.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch {
    await vscode.window.showTextDocument(page, { preview: true });
  }
}
