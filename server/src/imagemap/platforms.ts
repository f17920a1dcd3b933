/** The platforms a build makes, from what its file settles; unknown when anything is left to the run. */
import type { BuildOutput } from '../buildscripts/model';
import { textOfValue, unknownIn } from '../buildscripts/values';
import { formatPlatform, normalizePlatform, parsePlatform } from '../images/platform';
import type { BuiltPlatforms } from './types';

export function builtPlatforms(output: BuildOutput): BuiltPlatforms {
  const spec = output.platforms;
  if (spec.kind === 'none') {
    return spec.runner
      ? { kind: 'known', platforms: [spec.runner], from: 'runner' }
      : { kind: 'unknown', reason: 'no platform is named: the build makes the platform of whatever machine runs it' };
  }
  const platforms: string[] = [];
  let fromVariable = false;
  for (const item of spec.items) {
    const unknown = unknownIn(item);
    if (unknown !== undefined) return { kind: 'unknown', reason: unknown };
    const text = textOfValue(item).trim();
    if (text === '') continue;
    const platform = parsePlatform(text);
    if (!platform) return { kind: 'unknown', reason: `"${text}" is not a platform` };
    if (item.some((p) => p.from !== undefined)) fromVariable = true;
    const formatted = formatPlatform(normalizePlatform(platform));
    if (!platforms.includes(formatted)) platforms.push(formatted);
  }
  if (platforms.length === 0) return { kind: 'unknown', reason: 'the platform list is empty' };
  return { kind: 'known', platforms, from: fromVariable ? 'variable' : 'written' };
}
