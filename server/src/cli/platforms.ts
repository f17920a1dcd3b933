/** `archlens platforms IMAGE…`: what a registry publishes for each image, like `docker buildx imagetools inspect`. */
import * as path from 'node:path';
import { ConfigResolver } from '../workspace/config-files';
import { formatConfigProblem } from '../core/config';
import type { ImageLookup } from '../images/lookup';
import { parseImageReference } from '../images/reference';
import { formatPlatformsJson, formatPlatformsText, type NamedLookup } from '../registry';
import { UsageError, type CliIo } from './io';
import { cliResolver, type ResolverFlags } from './registry';

export interface PlatformsCommand extends ResolverFlags {
  images: string[];
  format: 'text' | 'json';
  configFile?: string;
}

export async function runPlatforms(command: PlatformsCommand, io: CliIo): Promise<number> {
  if (command.images.length === 0) throw new UsageError('platforms: name at least one image, e.g. archlens platforms nginx:1.27');
  const configs = new ConfigResolver({ configFile: command.configFile ? path.resolve(io.cwd, command.configFile) : undefined, root: io.cwd });
  const { config, problems } = configs.forPath(io.cwd, true);
  for (const p of problems) io.stderr(`archlens: ${formatConfigProblem(p, io.cwd)}\n`);
  if (problems.some((p) => p.severity === 'error')) throw new UsageError('invalid configuration (see above)');
  const resolver = cliResolver(config.registries, config.cache.ttlHours, command);
  try {
    const answers: NamedLookup[] = await Promise.all(command.images.map(async (name): Promise<NamedLookup> => {
      const parsed = parseImageReference(name);
      if (!parsed.ok) return { name, lookup: { ok: false, error: { state: 'unsupported-reference', message: parsed.reason } } };
      let lookup: ImageLookup;
      try {
        lookup = await resolver.resolve(parsed.ref);
      } catch (error) {
        lookup = { ok: false, error: { state: 'registry-error', message: error instanceof Error ? error.message : String(error) } };
      }
      return { name, lookup };
    }));
    io.stdout(command.format === 'json' ? formatPlatformsJson(answers) : formatPlatformsText(answers));
    return answers.every((a) => a.lookup.ok) ? 0 : 1;
  } finally {
    await resolver.close().catch(() => undefined);
  }
}
