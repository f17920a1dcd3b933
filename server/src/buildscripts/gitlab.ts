/**
 * GitLab CI: each job's `before_script` + `script` + `after_script` is one script (push matching).
 * Anchors and `<<` merges are followed by the YAML reader; `extends:` and `default:` are resolved
 * here; `!reference [.job, key]` tags are followed. Hidden jobs (`.name`) are templates, not jobs.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import type { ShellCommand, ShellWord } from '../shell/shell';
import { buildsInUnit, withoutCommas } from './commands';
import type { BuildModel, BuildSite } from './model';
import { parseRegion, platformVariable, type RegionScript } from './source';
import { deref, entries, get, parseYaml, plainInFlow, scalarScript, str } from './yaml';

const RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;

export function parseGitlabCi(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { docs, problems } = parseYaml(text, lines);
  const builds: BuildSite[] = [];
  const seen = new Set<string>();
  const parsed = new Map<number, RegionScript>();
  for (const doc of docs) {
    const root = doc.contents;
    const jobs = new Map(entries(doc, root).map((e) => [e.key, e.value]));

    /** The job's value for a script key: its own, else through `extends` (last wins), else `default:`. */
    const scriptOf = (job: Node | undefined, key: string, depth = 0): Node | undefined => {
      if (!job || depth > 10) return undefined;
      const own = get(doc, job, key);
      if (own) return own;
      const ext = get(doc, job, 'extends');
      const parents = isSeq(ext) ? ext.items.map((i) => str(doc, i)) : [str(doc, ext)];
      for (const parent of parents.reverse()) {
        const found = parent ? scriptOf(jobs.get(parent), key, depth + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    };

    /** DOCKER_DEFAULT_PLATFORM from the job's `variables:` (through `extends`), else the file's. */
    const platformEnv = (job: Node | undefined, depth = 0): ShellWord | null | undefined => {
      if (!job || depth > 10) return undefined;
      const own = platformVariable(doc, get(doc, job, 'variables'), text);
      if (own !== undefined) return own;
      const ext = get(doc, job, 'extends');
      const parents = isSeq(ext) ? ext.items.map((i) => str(doc, i)) : [str(doc, ext)];
      for (const parent of parents.reverse()) {
        const found = parent ? platformEnv(jobs.get(parent), depth + 1) : undefined;
        if (found !== undefined) return found;
      }
      return depth === 0 ? platformVariable(doc, get(doc, root, 'variables'), text) : undefined;
    };

    /** Script items in order: nested lists flattened, `!reference [job, key]` followed. */
    const items = (node: Node | undefined, out: Node[], depth = 0): Node[] => {
      const n = deref(doc, node);
      if (!n || depth > 10) return out;
      if (isSeq(n) && n.tag === '!reference') {
        const [job, ...path] = n.items.map((i) => str(doc, i) ?? '');
        let target: Node | undefined = jobs.get(job);
        for (const key of path) target = get(doc, target, key);
        return items(target, out, depth + 1);
      }
      if (isSeq(n)) for (const i of n.items) items(i as Node, out, depth + 1);
      else if (isScalar(n)) out.push(n);
      return out;
    };

    for (const [name, job] of jobs) {
      if (RESERVED.has(name) || name.startsWith('.') || !job) continue;
      const commands: ShellCommand[] = [];
      /** Script items' spans and lines: a comment above `- |` silences the commands inside. */
      const itemLines: Array<{ start: number; end: number; line: number; flowPlain: boolean }> = [];
      for (const key of SCRIPT_KEYS) {
        let node = scriptOf(job, key);
        if (!node && key !== 'script') node = get(doc, get(doc, root, 'default'), key) ?? get(doc, root, key);
        for (const item of items(node, [])) {
          const start = item.range![0];
          let script = parsed.get(start);
          if (!script) {
            const region = scalarScript(text, item);
            script = region ? parseRegion(region.script, region.offset) : { commands: [], errors: [] };
            parsed.set(start, script);
          }
          commands.push(...script.commands);
          itemLines.push({ start, end: item.range![2], line: lines.positionAt(start).line, flowPlain: plainInFlow(doc, item) });
        }
      }
      // A template's command shared by several jobs is reported once per distinct outcome.
      const environment = platformEnv(job);
      for (const site of buildsInUnit(commands, lines, { environment: () => environment })) {
        const key = `${site.range.start.line}:${site.range.start.character}:${site.push ? 'push' : ''}:${site.assembled ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = lines.offsetAt(site.range.start);
        const item = itemLines.find((i) => i.start <= at && at <= i.end);
        if (item) site.anchors.push(item.line);
        if (item?.flowPlain) withoutCommas(site);
        builds.push(site);
      }
    }
  }
  builds.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model: { kind: 'gitlab-ci', builds, composePlatforms: [] }, problems };
}
