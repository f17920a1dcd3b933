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
  /** args: [{images?: string[]}] (canonical references; none = every failed one) → {retried: string[]} */
  retryLookup: 'archlens.server.retryLookup',
} as const;

/** Notifications the server sends. */
export const Notifications = {
  /** StatusParams: look-up state for a status bar. */
  status: 'archlens/status',
  /** CheckProgressParams: progress of a workspace check. */
  checkProgress: 'archlens/checkProgress',
} as const;

/** The images of the open documents archlens checks (distinct references), and the session's look-up state. */
export interface StatusParams {
  trusted: boolean;
  offline: boolean;
  /** Look-ups in flight. */
  pending: number;
  /** Images whose platforms are known. */
  resolved: number;
  /** Images whose look-up answered something about the image itself (not found, denied…): AL209 in the file. */
  failed: number;
  /** Images that could not be checked for a reason outside the files (network, a failing registry). */
  unverified: number;
  /**
   * Why images could not be checked, when some could not: `network` (offline, DNS, time-outs,
   * proxies, TLS) or `registry` (a registry failing or rate limiting), with the latest message.
   * Never a credential.
   */
  trouble?: { cause: 'network' | 'registry'; message: string };
  /** Registry host → epoch ms until which it asked us to wait. */
  rateLimitedUntil: Record<string, number>;
  /** URIs of the open documents archlens checks (the status item shows for these only). */
  documents: string[];
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
  /** The platform cache folder; relative to the workspace folder. Empty = the extension's storage. */
  cacheDir?: string;
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
  /**
   * A client command that opens a rule's page (args: [code]); code actions "Show documentation
   * for ALnnn" are offered only when the client names one (VS Code: the page bundled in the extension).
   */
  ruleDocsCommand?: string;
  /**
   * Leave YAML syntax errors to another extension (VS Code: Red Hat YAML is installed); archlens
   * still says when it could not analyse a document.
   */
  yamlSyntaxErrorsElsewhere?: boolean;
  /**
   * Rules another installed extension reports as the same check (VS Code: Docker DX reports
   * BuildKit's FromPlatformFlagConstDisallowed and RedundantTargetPlatform, archlens's AL303 and
   * AL304): archlens does not publish them in the editor, so no line gets two diagnostics for one thing.
   */
  rulesElsewhere?: string[];
  /** How long a reference must stand unchanged before it is looked up (ms; default 500). For tests. */
  lookupQuietMs?: number;
}

/**
 * A proxy URL with credentials never travels in an LSP message (a protocol trace would show it):
 * the VS Code client replaces it with this marker and hands the URL to the server process in the
 * environment variable below.
 */
export const PROXY_FROM_ENV = '<archlens:proxy-from-environment>';
export const PROXY_ENV = 'ARCHLENS_EDITOR_PROXY';
