/**
 * GitLab CI: each job's `before_script` + `script` + `after_script` is one script (push matching).
 * Anchors and `<<` merges are followed by the YAML reader; `extends:` and `default:` are resolved
 * here; `!reference [.job, key]` tags are followed. Hidden jobs (`.name`) are templates, not jobs.
 */
import type { ParseOutcome } from '../core/analyzer';
import { LineIndex } from '../core/text';
import { readYamlDocuments } from '../core/yaml/documents';
import { entriesOf, plainInFlow, textOf, valueOf, type KNode, type KScalar } from '../core/yaml/knode';
import type { ShellCommand, ShellWord } from '../shell/shell';
import { sitesInUnit, withoutCommas } from './commands';
import { archNamedInText } from './names';
import type { BuildModel, BuildSite, ManifestListSite, MirrorSite } from './model';
import { parseRegion, platformVariable, type RegionScript } from './source';
import { expandShell, type Binding } from './values';
import { scalarScript } from './layout';
import { templateOfAnotherTool } from './template';

const RESERVED = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script', 'types', 'spec']);
const SCRIPT_KEYS = ['before_script', 'script', 'after_script'] as const;

export function parseGitlabCi(text: string): ParseOutcome<BuildModel> {
  const lines = new LineIndex(text);
  const { roots, problems: read } = readYamlDocuments(text, lines);
  const problems = templateOfAnotherTool(text, read, 'a GitLab CI file', false);
  const builds: BuildSite[] = [];
  const mirrors: MirrorSite[] = [];
  const copyTools = new Set<string>();
  const seen = new Set<string>();
  const parsed = new Map<number, RegionScript>();
  const manifestLists: ManifestListSite[] = [];
  for (const root of roots) {
    const jobs = new Map<string, KNode>();
    for (const entry of entriesOf(root)) if (entry.keyText !== undefined) jobs.set(entry.keyText, entry.value);

    /** The parent jobs `extends:` names, in the order written. */
    const parentsOf = (job: KNode): Array<string | undefined> => {
      const ext = valueOf(job, 'extends');
      return ext?.type === 'seq' ? ext.items.map(textOf) : [textOf(ext)];
    };

    /** The job's value for a script key: its own, else through `extends` (last wins), else `default:`. */
    const scriptOf = (job: KNode | undefined, key: string, depth = 0): { node: KNode; parent: KNode } | undefined => {
      if (!job || depth > 10) return undefined;
      const own = valueOf(job, key);
      if (own) return { node: own, parent: job };
      const parents = parentsOf(job);
      for (const parent of parents.reverse()) {
        const found = parent ? scriptOf(jobs.get(parent), key, depth + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    };

    /** DOCKER_DEFAULT_PLATFORM from the job's `variables:` (through `extends`), else the file's. */
    const platformEnv = (job: KNode | undefined, depth = 0): ShellWord | null | undefined => {
      if (!job || depth > 10) return undefined;
      const own = platformVariable(valueOf(job, 'variables'), text);
      if (own !== undefined) return own;
      for (const parent of parentsOf(job).reverse()) {
        const found = parent ? platformEnv(jobs.get(parent), depth + 1) : undefined;
        if (found !== undefined) return found;
      }
      return depth === 0 ? platformVariable(valueOf(root, 'variables'), text) : undefined;
    };

    /** Script items in order (each with the collection holding it): nested lists flattened, `!reference [job, key]` followed. */
    const items = (node: KNode | undefined, parent: KNode | undefined, out: Array<{ item: KScalar; parent?: KNode }>, depth = 0): Array<{ item: KScalar; parent?: KNode }> => {
      if (!node || depth > 10) return out;
      if (node.type === 'seq' && node.tag === '!reference') {
        const [job, ...path] = node.items.map((i) => textOf(i) ?? '');
        let target: KNode | undefined = jobs.get(job);
        for (const key of path) target = valueOf(target, key);
        return items(target, undefined, out, depth + 1);
      }
      if (node.type === 'seq') for (const i of node.items) items(i, node, out, depth + 1);
      else if (node.type === 'scalar' && !node.isNull) out.push({ item: node, parent });
      return out;
    };

    /** The job's `variables:` (through `extends`, the job's own winning) over the file's. */
    const variablesOf = (job: KNode | undefined, out: Map<string, Binding>, depth = 0): Map<string, Binding> => {
      if (!job || depth > 10) return out;
      for (const parent of parentsOf(job)) if (parent) variablesOf(jobs.get(parent), out, depth + 1);
      for (const entry of entriesOf(valueOf(job, 'variables'))) {
        const node = entry.value.type === 'map' ? valueOf(entry.value, 'value') : entry.value;
        if (entry.keyText !== undefined && node?.type === 'scalar') out.set(entry.keyText, { value: node.text, definition: { line: lines.positionAt(node.start).line } });
      }
      return out;
    };
    const fileVariables = variablesOf(root, new Map());

    /** A key's value through `extends` (the job's own first, then the last parent), else `default:`'s. */
    const inherited = (job: KNode | undefined, key: string): KNode | undefined => scriptOf(job, key)?.node ?? valueOf(valueOf(root, 'default'), key) ?? valueOf(root, key);
    /** An image reference as written, unquoted, `${X}` read as `$X`. */
    const asWritten = (ref: string): string => ref.trim().replace(/^(["'])(.*)\1$/, '$2').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');
    /** The image an `image:` or `services:` item names (a string, or a map's `name:`). */
    const imageWritten = (node: KNode | undefined): string | undefined => {
      const ref = node?.type === 'map' ? textOf(valueOf(node, 'name')) : textOf(node);
      return ref === undefined ? undefined : asWritten(ref);
    };
    /** The architecture a job's runner `tags:` name (`saas-linux-small-arm64`), if any. */
    const runnerArch = (job: KNode | undefined): string | undefined => {
      const tags = inherited(job, 'tags');
      return tags?.type === 'seq' ? archNamedInText(tags.items.map((t) => textOf(t) ?? '').join(' ')) : undefined;
    };
    /** What each job runs in: its `image:` and `services:`, as written, with its runner's architecture. */
    const runsIn = new Map<string, { arch: string | undefined; images: Set<string> }>();
    for (const [name, job] of jobs) {
      if (RESERVED.has(name) || name.startsWith('.') || !job) continue;
      const services = inherited(job, 'services');
      const images = [imageWritten(inherited(job, 'image')), ...(services?.type === 'seq' ? services.items.map(imageWritten) : [])];
      runsIn.set(name, { arch: runnerArch(job), images: new Set(images.filter((i): i is string => i !== undefined)) });
    }

    for (const [name, job] of jobs) {
      if (RESERVED.has(name) || name.startsWith('.') || !job) continue;
      const commands: ShellCommand[] = [];
      /** Script items' spans and lines: a comment above `- |` silences the commands inside. */
      const itemLines: Array<{ start: number; end: number; line: number; flowPlain: boolean }> = [];
      for (const key of SCRIPT_KEYS) {
        let script = scriptOf(job, key);
        if (!script && key !== 'script') {
          const defaults = valueOf(root, 'default');
          const inherited = valueOf(defaults, key);
          const topLevel = valueOf(root, key);
          if (inherited) script = { node: inherited, parent: defaults! };
          else if (topLevel) script = { node: topLevel, parent: root };
        }
        for (const { item, parent } of items(script?.node, script?.parent, [])) {
          const start = item.start;
          let region = parsed.get(start);
          if (!region) {
            const source = scalarScript(text, item);
            region = source ? parseRegion(source.script, source.offset) : { commands: [], errors: [] };
            parsed.set(start, region);
          }
          commands.push(...region.commands);
          itemLines.push({ start, end: item.end, line: lines.positionAt(start).line, flowPlain: plainInFlow(item, parent) });
        }
      }
      // A template's command shared by several jobs is reported once per distinct outcome.
      const environment = platformEnv(job);
      const variables = variablesOf(job, new Map(fileVariables));
      const resolve = (written: string) => expandShell(written, (v) => variables.get(v), { where: "the pipeline's variables" });
      const sites = sitesInUnit(commands, lines, { environment: () => environment, resolve, paths: 'repository' });
      for (const list of sites.manifestLists) {
        const key = `list:${list.range.start.line}:${list.range.start.character}`;
        if (!seen.has(key)) { seen.add(key); manifestLists.push(list); }
      }
      sites.copyTools.forEach((t) => copyTools.add(t));
      for (const mirror of sites.mirrors) {
        const key = `mirror:${mirror.range.start.line}:${mirror.range.start.character}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const item = itemLines.find((i) => i.start <= lines.offsetAt(mirror.range.start) && lines.offsetAt(mirror.range.start) <= i.end);
        if (item) mirror.anchors.push(item.line);
        mirrors.push(mirror);
      }
      for (const site of sites.builds) {
        const key = `${site.range.start.line}:${site.range.start.character}:${site.push ? 'push' : ''}:${site.assembled ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = lines.offsetAt(site.range.start);
        const item = itemLines.find((i) => i.start <= at && at <= i.end);
        if (item) site.anchors.push(item.line);
        if (item?.flowPlain) withoutCommas(site);
        // A job named for one architecture (`build-arm64:`) builds that one on purpose.
        site.namedArch ??= archNamedInText(name);
        // baserow's ci_util_image: a build job pushes `$CI_UTIL_IMAGE` and other jobs of the pipeline
        // run in it (`image:` or `services:`), on runners of the build's architecture: an image for
        // those machines only. Every name the build tags, as written, must be run so.
        const names = site.push?.separate ? (site.outputs?.[0]?.names ?? []).map((n) => asWritten(text.slice(lines.offsetAt(n.range.start), lines.offsetAt(n.range.end)))) : [];
        const arch = runsIn.get(name)?.arch;
        if (names.length > 0 && names.every((n) => [...runsIn].some(([other, r]) => other !== name && r.arch === arch && r.images.has(n)))) site.pulledByWorkflow = true;
        builds.push(site);
      }
    }
  }
  builds.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { model: { kind: 'gitlab-ci', builds, composePlatforms: [], mirrors, copyTools: [...copyTools], manifestLists }, problems };
}
