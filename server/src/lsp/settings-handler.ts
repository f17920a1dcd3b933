/**
 * The editor's settings and `.archlens.yaml`: settings pulled per resource (or as pushed), laid
 * over the nearest config file; a change of either re-checks the open documents.
 */
import * as path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver/node';
import type { EffectiveConfig } from '../core/config';
import type { ConfigProblems } from './config-problems';
import { describe, isConfigFileUri, type ServerContext } from './context';
import { isFileUri, uriToPath } from './paths';
import type { ArchlensSettings, HttpSettings } from './protocol';
import { ConfigResolvers, emptySettings, networkSettings, settingsLayer, type ClientSettings, type NetworkSettings } from './settings';
import type { StatusReporter } from './status';

/**
 * Files watched on disk: `.archlens.yaml`, and what the workspace image map reads — every name
 * engine/classify.ts gives a kind, but extensionless scripts (only their first line tells).
 */
const WATCHED = [
  '**/.archlens.{yaml,yml}',
  '**/*.{yaml,yml}',
  '**/{Dockerfile,Containerfile}*',
  '**/*.{Dockerfile,dockerfile,Containerfile,containerfile}',
  '**/{Makefile,makefile,GNUmakefile}',
  '**/{Makefile,makefile,GNUmakefile}.*',
  '**/*.{mk,sh,bash}',
  '**/docker-bake*.json',
  '**/*.hcl',
];

export class SettingsHandler {
  readonly configResolvers = new ConfigResolvers();
  private readonly cache = new Map<string, Promise<ClientSettings>>();
  private pushed: ClientSettings = emptySettings();

  constructor(private readonly ctx: ServerContext, private readonly configProblems: ConfigProblems, private readonly status: StatusReporter) {}

  register(): void {
    const c = this.ctx.connection;
    c.onDidChangeConfiguration((change) => {
      const settings = (change.settings ?? {}) as { archlens?: ArchlensSettings; http?: HttpSettings };
      if (settings.archlens || settings.http) this.pushed = { archlens: settings.archlens ?? {}, http: settings.http ?? {} };
      void this.settingsChanged();
    });
    c.onDidChangeWatchedFiles((change) => this.ctx.guard(() => {
      if (change.changes.some((e) => isConfigFileUri(e.uri))) this.configFilesChanged();
      // Build files, Dockerfiles and manifests changed on disk: the workspace image map reads them again.
      const files = change.changes
        .filter((e) => isFileUri(e.uri) && !isConfigFileUri(e.uri))
        .map((e) => ({ file: uriToPath(e.uri), deleted: e.type === FileChangeType.Deleted }));
      if (files.length > 0) this.ctx.images.filesChanged(files).catch((error) => this.ctx.log('error', `workspace image map: ${describe(error)}`));
    }));
    // Editors without file watching (no didChangeWatchedFiles) still tell us when they save one.
    this.ctx.documents.onDidSave((e) => this.ctx.guard(() => {
      if (isConfigFileUri(e.document.uri)) this.configFilesChanged();
    }));
  }

  /** After initialized: ask for the notifications the client can send only when registered. */
  registerDynamically(): void {
    const { connection: c, capabilities } = this.ctx;
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void c.client.register(DidChangeConfigurationNotification.type, { section: ['archlens', 'http'] }).catch(() => undefined);
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
    }
  }

  /** A `.archlens.yaml` changed on disk: read the files again and re-check the open documents. */
  private configFilesChanged(): void {
    this.ctx.log('info', '.archlens.yaml changed: re-checking open documents');
    this.configResolvers.clear();
    this.configProblems.forget();
    // The map's facts depend on the config (ignored folders, the Dockerfile target, rule settings).
    this.ctx.images.rebuild();
    this.ctx.analyses.refreshAll([...this.ctx.documents.keys()].filter((uri) => !isConfigFileUri(uri)));
    this.ctx.units.refreshAll();
  }

  private async settingsChanged(): Promise<void> {
    this.cache.clear();
    this.configResolvers.clear();
    await this.ctx.pool.reset();
    this.ctx.images.rebuild();
    this.ctx.analyses.refreshAll(this.ctx.documents.keys());
    this.ctx.units.refreshAll();
    this.status.send();
  }

  /** The editor settings for a resource: pulled per scope when the client can, else what it pushed. */
  settingsFor(uri: string | undefined): Promise<ClientSettings> {
    const key = uri ?? '';
    let cached = this.cache.get(key);
    if (!cached) {
      cached = this.fetch(uri);
      this.cache.set(key, cached);
    }
    return cached;
  }

  private async fetch(uri: string | undefined): Promise<ClientSettings> {
    if (!this.ctx.capabilities.workspace?.configuration) return this.pushed;
    try {
      const [archlens, http] = await this.ctx.connection.workspace.getConfiguration([
        { scopeUri: uri, section: 'archlens' },
        { scopeUri: uri, section: 'http' },
      ]) as [ArchlensSettings | null, HttpSettings | null];
      return { archlens: archlens ?? {}, http: http ?? {} };
    } catch (error) {
      this.ctx.log('warn', `could not read settings: ${describe(error)}`);
      return this.pushed;
    }
  }

  /** The workspace folder holding a document (the innermost), else the first folder. */
  folderFor(uri: string | undefined): string | undefined {
    const folders = this.ctx.workspaceFolders;
    if (uri && isFileUri(uri)) {
      const file = uriToPath(uri);
      const holding = folders.filter((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
      if (holding.length > 0) return holding.sort((a, b) => b.length - a.length)[0];
    }
    return folders[0];
  }

  /** The network settings (proxy, offline, cache folder) for a resource. */
  async networkFor(uri: string | undefined): Promise<NetworkSettings> {
    return networkSettings(await this.settingsFor(uri), this.folderFor(uri));
  }

  /** The configuration for a document (settings over its `.archlens.yaml`) and the network settings. */
  async configFor(uri: string): Promise<{ config: EffectiveConfig; network: NetworkSettings; configDir: string }> {
    await this.ctx.ready;
    const settings = await this.settingsFor(uri);
    const problems: string[] = [];
    const layer = settingsLayer(settings.archlens, problems);
    for (const p of problems) this.ctx.log('warn', p);
    const configs = this.configResolvers.forLayer(layer);
    const file = isFileUri(uri) ? uriToPath(uri) : path.join(this.ctx.workspaceFolders[0] ?? process.cwd(), path.basename(uriToPath(uri)));
    const resolved = configs.forPath(file);
    if (resolved.file) this.configProblems.publish(resolved.file, resolved.problems);
    const network = networkSettings(settings, this.folderFor(uri));
    if (network.offline !== this.status.offline) {
      this.status.offline = network.offline;
      this.status.soon();
    }
    // configDir: paths in the config (a chart's values files) are relative to the config file's folder.
    return { config: resolved.config, network, configDir: resolved.baseDir };
  }
}
