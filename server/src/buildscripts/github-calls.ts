/**
 * Reusable workflows called from the same repository (`jobs.<id>.uses: ./.github/workflows/x.yml`
 * with `with:` inputs). The called workflow builds what each caller asks for: m1k1o/neko's ghcr.yml
 * calls image_app.yml once per app of a matrix, with `platforms: linux/amd64` for the apps that
 * install an amd64-only browser and `linux/amd64,linux/arm64` for the others; read alone, the
 * called workflow knows only its inputs' defaults. The image map (imagemap/workflow-calls.ts)
 * reads the called workflow again with each caller's inputs.
 */
import { entriesOf, textOf, valueOf, type KNode } from '../core/yaml/knode';
import { matrixRows } from './github-values';
import { githubTemplate, textOfValue, unknownIn, unquoted, type Lookup, type WorkflowInputs } from './values';

/** One job's call of a workflow of the same repository. */
export interface WorkflowCall {
  /** The path as written (`./.github/workflows/image_app.yml`): relative to the repository's root. */
  workflow: string;
  /** 0-based line of the job's `uses:`. */
  line: number;
  /** The inputs of each run of the call (one per matrix row): a value, or null where it is not known here. */
  runs: Array<Record<string, string | null>>;
}

/** A workflow of the same repository: `./` and a path (another repository's is `owner/repo/…@ref`). */
const LOCAL_WORKFLOW = /^\.\/\S+\.ya?ml$/;

const NO_ENV: Lookup = () => undefined;

/**
 * The call a job makes, if it calls a workflow of the same repository. Its `with:` values are read
 * per row of the job's matrix, through the calling workflow's own inputs (`env` is not available
 * there); a value holding anything else (`needs.*`, `github.*`) is not known.
 */
export function workflowCallOf(job: KNode, inputs: WorkflowInputs, lineOf: (offset: number) => number): WorkflowCall | undefined {
  const usesNode = valueOf(job, 'uses');
  const workflow = textOf(usesNode)?.trim();
  if (!usesNode || workflow === undefined || !LOCAL_WORKFLOW.test(workflow)) return undefined;
  const rows = matrixRows(job);
  // A matrix that is not static (`fromJSON(…)`): one run whose matrix values are unknown.
  const matrices: Array<Record<string, unknown> | undefined> = rows ? rows.map((row) => row.values) : [undefined];
  const given = entriesOf(valueOf(job, 'with'));
  const runs = matrices.map((matrix) => {
    const run: Record<string, string | null> = {};
    for (const entry of given) {
      const name = entry.keyText;
      const written = textOf(entry.value);
      if (name === undefined) continue;
      if (written === undefined) { run[name] = null; continue; }
      const value = unquoted(githubTemplate(written, { env: NO_ENV, matrix, inputs }));
      // Certain for the run: literal text and matrix values; the calling workflow's own inputs are defaults its caller may change.
      const certain = unknownIn(value) === undefined && value.every((piece) => piece.from === undefined || piece.fixed === true);
      run[name] = certain ? textOfValue(value) : null;
    }
    return run;
  });
  return { workflow, line: lineOf(usesNode.start), runs };
}

/** A job calling a reusable workflow of the same repository: what it builds is read there, with this file's inputs. */
export const CALLS_LOCAL_WORKFLOW = /^[ \t]+uses:[ \t]*["']?\.\//m;

/** Whether a workflow runs only when called (`on: workflow_call`): what it builds is what its callers ask for. */
export function onlyCalled(root: KNode): boolean {
  const on = valueOf(root, 'on') ?? valueOf(root, 'true'); // YAML 1.1 reads a bare `on` key as true
  if (!on) return false;
  if (on.type === 'scalar') return textOf(on)?.trim() === 'workflow_call';
  if (on.type === 'seq') return on.items.length === 1 && textOf(on.items[0])?.trim() === 'workflow_call';
  const triggers = entriesOf(on).map((e) => e.keyText);
  return triggers.length === 1 && triggers[0] === 'workflow_call';
}
