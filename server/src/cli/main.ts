/** Command-line parsing and dispatch; every command returns its exit code (0, 1) or throws UsageError (2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { runCheck, type FailOn, type OutputFormat } from './check';
import { UsageError, type CliIo } from './io';
import { runLsp } from './lsp';
import { runPlatforms } from './platforms';
import { formatRules, type RulesFormat } from './rules';

// esbuild inlines the JSON: the version travels with the bundle.
import { version } from '../../../package.json';
export const VERSION: string = version;

export const HELP = `archlens ${VERSION} — catches CPU-architecture mismatches (amd64/arm64) in Kubernetes manifests,
Dockerfiles and build scripts.

Usage:
  archlens check [PATH…]   Check files and folders (default: the current folder); - reads standard input
      --format text|json|sarif|gitlab output format (default text; gitlab: a Code Quality report)
      --target PLATFORMS              the cluster's node platforms, e.g. linux/amd64,linux/arm64
      --config FILE                   use this config instead of the nearest .archlens.yaml
      --offline                       no network: image platforms come from the cache only
      --cache-dir DIR                 the platform cache (default $XDG_CACHE_HOME/archlens)
      --no-cache                      neither read nor write the platform cache
      --fail-on error|warning|info|none   exit 1 at or above this severity (default error)
      --fix                           apply the preferred fixes, then report what is left
      --rule CODE=SEVERITY            override a rule (repeatable): error|warning|info|hint|off
      --stdin-filename NAME           with -: the name (and so the kind) of standard input
      --strict                        fail on every file that cannot be read, skipped ones too
      --include-vendored              also check vendored and generated code (skipped by default)
  archlens platforms IMAGE… [--format text|json] [--offline] [--cache-dir DIR] [--no-cache]
                           Show the platforms a registry publishes for each image
  archlens rules [--format text|json|markdown]
                           List the rules
  archlens lsp --stdio     Run the language server over stdio
  archlens --help | --version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or malformed files that
clearly are manifests, Dockerfiles or workflows; with --strict any file that could not be read),
2 usage or internal error (archlens failed on a file: said on stderr, the other files' findings
are still reported).
`;

function parse<T extends ParseArgsConfig['options']>(args: string[], options: T, positionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    // Node's own wording for an unknown option goes on about '--' and positionals: say it plainly.
    const unknown = /^Unknown option '([^']+)'/.exec(error instanceof Error ? error.message : '');
    if (unknown) throw new UsageError(`unknown option ${unknown[1]} (try archlens --help)`);
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}

function oneOf<V extends string>(flag: string, value: string | undefined, allowed: readonly V[], fallback: V): V {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as V;
}

const resolverFlags = {
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('no command given (try archlens --help)');
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  switch (command) {
    case 'check': {
      const { values, positionals } = parse(rest, {
        ...resolverFlags,
        format: { type: 'string', short: 'f' },
        target: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        fix: { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        'stdin-filename': { type: 'string' },
        strict: { type: 'boolean' },
        'include-vendored': { type: 'boolean' },
      }, true);
      if (values.help) { io.stdout(HELP); return 0; }
      return runCheck({
        paths: positionals,
        format: oneOf<OutputFormat>('--format', values.format, ['text', 'json', 'sarif', 'gitlab'], 'text'),
        targets: values.target,
        configFile: values.config,
        offline: values.offline ?? false,
        cacheDir: values['cache-dir'],
        noCache: values['no-cache'] ?? false,
        failOn: oneOf<FailOn>('--fail-on', values['fail-on'], ['error', 'warning', 'info', 'hint', 'none'], 'error'),
        fix: values.fix ?? false,
        rules: values.rule ?? [],
        stdinFilename: values['stdin-filename'],
        strict: values.strict ?? false,
        includeVendored: values['include-vendored'] ?? false,
      }, io, VERSION);
    }
    case 'platforms': {
      const { values, positionals } = parse(rest, { ...resolverFlags, format: { type: 'string', short: 'f' } }, true);
      if (values.help) { io.stdout(HELP); return 0; }
      return runPlatforms({
        images: positionals,
        format: oneOf('--format', values.format, ['text', 'json'] as const, 'text'),
        configFile: values.config,
        offline: values.offline ?? false,
        cacheDir: values['cache-dir'],
        noCache: values['no-cache'] ?? false,
      }, io);
    }
    case 'rules': {
      const { values } = parse(rest, { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } }, false);
      if (values.help) { io.stdout(HELP); return 0; }
      io.stdout(formatRules(oneOf<RulesFormat>('--format', values.format, ['text', 'json', 'markdown'], 'text')));
      return 0;
    }
    case 'lsp': {
      const { values } = parse(rest, { stdio: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, false);
      if (values.help) { io.stdout(HELP); return 0; }
      if (!values.stdio) throw new UsageError('lsp: only --stdio is supported (archlens lsp --stdio)');
      await runLsp();
      return -1; // The server owns the process from here; it exits when the client says so.
    }
    default:
      throw new UsageError(`unknown command "${command}" (try archlens --help)`);
  }
}
