/**
 * `workspace/executeCommand`: Check Workspace, Show Image Platforms (for an image named, or the one
 * under the cursor) and Clear Platform Cache. Any LSP client can call them.
 */
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { EffectiveConfig } from '../core/config';
import { parseImageReference } from '../images/reference';
import { formatPlatformsText } from '../registry/index';
import type { ServerContext } from './context';
import { imageHover, lookupMarkdown, type HoverContext } from './hover';
import { escapeMarkdown } from './markdown';
import { pathToUri } from './paths';
import { ServerCommands, type CheckWorkspaceArgs, type ImagePlatformsResult } from './protocol';
import { networkSettings } from './settings';
import type { SettingsHandler } from './settings-handler';
import type { StatusReporter } from './status';
import type { WorkspaceCheckHandler } from './workspace-check-handler';

export class CommandHandler {
  constructor(
    private readonly ctx: ServerContext,
    private readonly settings: SettingsHandler,
    private readonly status: StatusReporter,
    private readonly workspaceCheck: WorkspaceCheckHandler,
  ) {}

  register(): void {
    this.ctx.connection.onExecuteCommand(async (params, token, workDone) => this.ctx.safe('executeCommand', null, async () => {
      const args = params.arguments ?? [];
      switch (params.command) {
        case ServerCommands.checkWorkspace:
          return this.workspaceCheck.run((args[0] ?? {}) as CheckWorkspaceArgs, cancelSignal(token), workDone);
        case ServerCommands.imagePlatforms:
          return this.imagePlatforms(args[0], cancelSignal(token));
        case ServerCommands.clearCache:
          await this.ctx.pool.clearCache();
          this.ctx.log('info', 'platform cache cleared');
          this.ctx.analyses.refreshAll(this.ctx.documents.keys());
          return { cleared: true };
        default:
          return null;
      }
    }));
  }

  /** What hovers and the platforms command know beyond one document. */
  hoverContext(): HoverContext {
    return {
      trusted: this.ctx.trusted,
      offline: this.status.offline,
      pending: this.ctx.analyses.pending > 0 || this.ctx.units.pending > 0,
      lookup: (canonical) => this.ctx.pool.latest(canonical),
    };
  }

  private async imagePlatforms(arg: unknown, signal?: AbortSignal): Promise<ImagePlatformsResult> {
    const { ctx } = this;
    const a = (arg ?? {}) as { image?: string; uri?: string; position?: { line: number; character: number } };
    if (a.uri && a.position) {
      const state = await ctx.analyses.current(a.uri);
      const use = state?.analysis.images.find((u) =>
        (u.range.start.line < a.position!.line || (u.range.start.line === a.position!.line && u.range.start.character <= a.position!.character))
        && (u.range.end.line > a.position!.line || (u.range.end.line === a.position!.line && u.range.end.character >= a.position!.character)));
      if (state && use) {
        if (use.reference.ok && ctx.trusted && !state.lookups.has(use.reference.ref.canonical)) {
          return this.lookupImage(use.reference.ref.original, state.config, a.uri, signal);
        }
        const lookup = use.reference.ok ? state.lookups.get(use.reference.ref.canonical) : undefined;
        const name = use.reference.ok ? use.reference.ref.canonical : use.reference.original;
        return {
          image: name,
          ok: lookup?.ok === true,
          text: lookup ? formatPlatformsText([{ name, lookup }]) : `${name}: ${use.reference.ok ? (ctx.trusted ? 'not looked up' : 'registry look-ups are off in an untrusted workspace') : use.reference.reason}\n`,
          markdown: imageHover(use, state, this.hoverContext()),
        };
      }
      if (!a.image) return { ok: false, text: 'No image reference under the cursor.\n', markdown: 'No image reference under the cursor.' };
    }
    if (!a.image) return { ok: false, text: 'No image given.\n', markdown: 'No image given.' };
    const folderUri = ctx.workspaceFolders[0] ? pathToUri(path.join(ctx.workspaceFolders[0], '.archlens-probe')) : undefined;
    const { config } = folderUri ? await this.settings.configFor(folderUri) : { config: undefined };
    return this.lookupImage(a.image, config, folderUri, signal);
  }

  private async lookupImage(image: string, config: EffectiveConfig | undefined, uri: string | undefined, signal?: AbortSignal): Promise<ImagePlatformsResult> {
    const { ctx } = this;
    const parsed = parseImageReference(image.trim());
    if (!parsed.ok) return { image, ok: false, text: `${image}: ${parsed.reason}\n`, markdown: `${escapeMarkdown(image)}: ${escapeMarkdown(parsed.reason)}` };
    if (!ctx.trusted) {
      const text = 'Registry look-ups are off: this workspace is not trusted.';
      return { image: parsed.ref.canonical, ok: false, text: `${text}\n`, markdown: text };
    }
    const settings = await this.settings.settingsFor(uri);
    const effective = config ?? (await this.settings.configFor(uri ?? pathToUri(path.join(process.cwd(), '.archlens-probe')))).config;
    const { key, resolver } = ctx.pool.resolverFor(effective, networkSettings(settings));
    const lookup = await resolver.resolve(parsed.ref, signal ? { signal } : {});
    ctx.pool.remember(key, parsed.ref.canonical, lookup);
    this.status.soon();
    return {
      image: parsed.ref.canonical,
      ok: lookup.ok,
      text: formatPlatformsText([{ name: parsed.ref.canonical, lookup }]),
      markdown: `**${escapeMarkdown(parsed.ref.canonical)}**\n\n${lookupMarkdown(lookup, effective.targets)}`,
    };
  }
}

/** An AbortSignal for a request's cancellation token. */
function cancelSignal(token: CancellationToken): AbortSignal {
  const abort = new AbortController();
  // Cancelled before it was dispatched: the token is the frozen "cancelled" one, whose
  // onCancellationRequested never fires.
  if (token.isCancellationRequested) abort.abort();
  else token.onCancellationRequested(() => abort.abort());
  return abort.signal;
}
