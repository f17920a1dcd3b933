/**
 * The values files a script of the repository passes when it installs a chart: openreplay's
 * scripts/helmcharts/init.sh runs `helm upgrade --install openreplay ./openreplay -f ./vars.yaml`,
 * and the chart's own values.yaml leaves `global.postgresql` to that file. A template that fails on
 * such a value at the chart's defaults is the chart asking for its install values, not a broken
 * chart (render.ts makes that failure a warning naming the script and the file). Only scripts in
 * the chart's folder and the folder above are read, and only literal paths (no `$VAR`) count.
 */
import * as path from 'node:path';
import { parseYamlDocument } from '../../core/yaml/parse';
import { readText } from '../source';
import type { UnitSource } from '../types';

export interface InstallValues {
  /** The script's path relative to the chart's parent folder (`init.sh`). */
  script: string;
  /** The values file's path relative to the chart's parent folder (`vars.yaml`). */
  file: string;
  values: unknown;
}

const SCRIPT = /(?:\.sh|\.bash|^Makefile|\.mk)$/;
/** A helm install, upgrade or template command, continuation lines joined. */
const HELM_COMMAND = /\bhelm\s+(?:upgrade|install|template)\b([^\n;&|]*)/g;

export function installValuesOf(root: string, source: UnitSource): InstallValues[] {
  const parent = path.posix.dirname(root);
  const out: InstallValues[] = [];
  for (const dir of [root, parent]) {
    for (const name of source.list(dir) ?? []) {
      if (name.endsWith('/') || !SCRIPT.test(name)) continue;
      const text = readText(source, `${dir}/${name}`);
      if (text === undefined || !text.includes('helm')) continue;
      for (const m of text.replace(/\\\r?\n/g, ' ').matchAll(HELM_COMMAND)) {
        const words = m[1].trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
        const resolve = (w: string) => path.posix.resolve(dir, w).replace(/\/$/, '');
        if (!words.some((w) => !w.startsWith('-') && !w.includes('$') && resolve(w) === root)) continue;
        words.forEach((w, i) => {
          const file = w === '-f' || w === '--values' ? words[i + 1] : /^(?:-f|--values)=(.+)$/.exec(w)?.[1];
          if (file === undefined || file.includes('$')) return;
          const values = parsed(readText(source, resolve(file)));
          if (values !== undefined) out.push({ script: path.posix.relative(parent, `${dir}/${name}`), file: path.posix.relative(parent, resolve(file)), values });
        });
      }
    }
  }
  return out;
}

function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  // Through core/yaml/parse.ts (nesting bounded); a file that does not read as one document counts for nothing.
  const doc = parseYamlDocument(text, { merge: true });
  if (doc.errors.length > 0) return undefined;
  try {
    return doc.toJS() ?? undefined;
  } catch {
    return undefined; // aliases past yaml's bound (maxAliasCount)
  }
}

/** The `.Values` path a nil-pointer error read (the innermost one: a `tpl` or `include` wraps others). */
export function nilPointerPath(message: string): string[] | undefined {
  const all = [...message.matchAll(/<[$\w.]*?\.Values\.([\w.-]+)>:\s*nil pointer evaluating/g)];
  return all.length === 0 ? undefined : all[all.length - 1][1].split('.');
}

/** Whether `values` holds a map at `keys` (the parent of the value a template read). */
export function setsMap(values: unknown, keys: readonly string[]): boolean {
  let at: unknown = values;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return at !== null && typeof at === 'object' && !Array.isArray(at);
}
