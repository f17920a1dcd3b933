/**
 * What the archlens server and its clients say to each other beyond standard LSP: command ids,
 * custom notifications and the settings shape. Imported by the VS Code client too, so it must not
 * pull in server code.
 */

/** Commands the server executes (`workspace/executeCommand`); any LSP client can call them. */
export const ServerCommands = {
  /** args: [CheckWorkspaceArgs?] → CheckWorkspaceResult */
  checkWorkspace: 'archlens.server.checkWorkspace',
  /** args: [{image: string} | {uri: string, position: {line, character}}] → ImagePlatformsResult */
  imagePlatforms: 'archlens.server.imagePlatforms',
  /** args: [] → {cleared: true} */
  clearCache: 'archlens.server.clearCache',
} as const;

/** Notifications the server sends. */
export const Notifications = {
  /** StatusParams: look-up state for a status bar. */
  status: 'archlens/status',
  /** CheckProgressParams: progress of a workspace check. */
  checkProgress: 'archlens/checkProgress',
} as const;

export interface StatusParams {
  trusted: boolean;
  offline: boolean;
  pending: number;
  resolved: number;
  failed: number;
  /** Registry host → epoch ms until which it asked us to wait. */
  rateLimitedUntil: Record<string, number>;
}

export interface CheckWorkspaceArgs {
  /** Folders (absolute paths or file URIs) to check; default: the workspace folders. */
  folders?: string[];
  /**
   * Asks for `archlens/checkProgress` notifications carrying this id. Without it none are sent;
   * a standard `workDoneToken` on the request gets `$/progress` instead.
   */
  progressId?: string;
}

export interface CheckProgressParams {
  progressId?: string;
  done: number;
  total: number;
  findings: number;
  /** The file just finished (relative to its folder). */
  file?: string;
}

export interface ReportCell {
  /** "linux/amd64" → true (published), false (missing), or null when unknown. */
  [target: string]: boolean | null;
}

export interface ReportImage {
  image: string;
  /** Where it is used: file URI + 0-based line. */
  uses: Array<{ uri: string; line: number }>;
  targets: ReportCell;
  /** Set when the platforms could not be found. */
  error?: string;
}

export interface CheckWorkspaceResult {
  cancelled: boolean;
  files: number;
  findings: number;
  byRule: Record<string, number>;
  targets: string[];
  images: ReportImage[];
  /** Files with findings: URI → count. */
  filesWithFindings: Array<{ uri: string; findings: number }>;
  /** Ready-to-show summary report. */
  markdown: string;
}

export interface ImagePlatformsResult {
  image?: string;
  ok: boolean;
  /** `docker buildx imagetools inspect`-like text. */
  text: string;
  markdown: string;
}

/** The `archlens` section of the editor settings, as workspace/configuration returns it. */
export interface ArchlensSettings {
  /** Empty = from .archlens.yaml, else linux/amd64 + linux/arm64. */
  targets?: string[];
  rules?: Record<string, string>;
  registries?: {
    mirrors?: Record<string, string>;
    insecure?: string[];
    timeoutMs?: number | null;
    concurrency?: number | null;
  };
  offline?: boolean;
  cache?: { ttlHours?: number | null };
  /** Proxy URL; empty = the editor's http.proxy, then HTTPS_PROXY. */
  proxy?: string;
  /** Extra CA certificate files (PEM). */
  extraCaCerts?: string[];
}

/** The editor's `http` section (VS Code), passed along for the registry client. */
export interface HttpSettings {
  proxy?: string;
  proxyStrictSSL?: boolean;
  noProxy?: string[] | string;
}

/** initializationOptions the VS Code client sends. */
export interface InitializationOptions {
  /** Workspace trust; absent = trusted (other editors have no such notion). */
  trusted?: boolean;
  /** The extension's global storage folder, for the platform cache. */
  cacheDir?: string;
  /**
   * The client shows `archlens/status` (VS Code's status bar item). Other editors are not sent
   * this notification: some of them complain about every notification they do not know.
   */
  statusNotifications?: boolean;
}

/**
 * A proxy URL with credentials never travels in an LSP message (a protocol trace would show it):
 * the VS Code client replaces it with this marker and hands the URL to the server process in the
 * environment variable below.
 */
export const PROXY_FROM_ENV = '<archlens:proxy-from-environment>';
export const PROXY_ENV = 'ARCHLENS_EDITOR_PROXY';
