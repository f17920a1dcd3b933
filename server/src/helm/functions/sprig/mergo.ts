/**
 * dario.cat/mergo's Merge and MergeWithOverwrite for two map[string]interface{} (sprig's merge,
 * mergeOverwrite), including its quirks: without overwrite, a destination value that is "empty"
 * (nil, "", 0, false, empty list or map) is still replaced; nested maps merge in place; lists
 * are never merged.
 */
import { isGoMap } from '../../template';
import { setEntry } from '../go-values';
import { isEmpty } from './cast';

type GoMap = Record<string, unknown>;

function has(m: GoMap, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** mergo's deepMerge of src into dst (both maps), in place. */
export function mergeInto(dst: GoMap, src: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > 10_000) throw new Error('merge: maps nested too deeply');
  for (const key of Object.keys(src)) {
    const srcValue = src[key];
    const dstPresent = has(dst, key);
    const dstValue = dstPresent ? dst[key] : undefined;
    if (srcValue === null || srcValue === undefined) {
      if (overwrite) setEntry(dst, key, null);
      continue;
    }
    if (isGoMap(srcValue)) {
      // A map merges into a map in place; into anything else it does nothing here.
      if (isGoMap(dstValue)) mergeInto(dstValue, srcValue, overwrite, depth + 1);
    } else if (Array.isArray(srcValue)) {
      // mergo sets the key to the source list, or to the destination value (a fresh empty list
      // if it had none); the parent maps' emptiness decides (src is never empty here).
      let dstSlice: unknown = dstValue === undefined || dstValue === null ? [] : dstValue;
      if (overwrite || Object.keys(dst).length === 0) dstSlice = srcValue;
      setEntry(dst, key, dstSlice);
    }
    if (dstPresent && !isEmpty(dstValue)) {
      if (Array.isArray(srcValue)) continue;
      if (isGoMap(srcValue) && isGoMap(dstValue)) continue;
    }
    if (overwrite || !dstPresent || isEmpty(dstValue)) setEntry(dst, key, srcValue);
  }
}
