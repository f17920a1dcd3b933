/**
 * The units of a multi-file check (Helm charts, Kustomize overlays: units/), as workspace/check.ts
 * runs them beside its plain files: discovery (which files are units' members, so not plain
 * files), render and offline analysis, and — once every file's images are known and looked up — the
 * registry phase against the workspace image map.
 *
 * Two ways, the same results: here on the calling thread (the editor's Check Workspace, `--fix`,
 * which needs the analyses themselves), or in a worker thread (unit-pass-thread.ts: the CLI's check,
 * where the units' work runs on the second core while this thread checks the plain files).
 */
import type { ImageUse } from '../core/analyzer';
import type { LineIndex } from '../core/text';
import type { ImageIndex } from '../imagemap/map';
import type { ImageLookup } from '../images/lookup';
import type { ImageRef } from '../images/reference';
import { discoverUnits, runInSlices, type Discovery, type UnitAnalysis, type UnitResult, type UnitSource } from '../units';
import { analyzeUnits, type UnitJob } from '../units/batch';

/** A unit after render and offline analysis: what the workspace image map and the look-ups need of it. */
export type RenderedUnitSummary =
  | { job: UnitJob; failure: string }
  | {
    job: UnitJob;
    references: readonly ImageRef[];
    /** The images the unit deploys, placed in its source files (for the workspace image map). */
    deployed: Array<{ file: string; lines: LineIndex; uses: readonly ImageUse[] }>;
    /** The analysis itself, when it lives on this thread (what `--fix` works from). */
    analysis?: UnitAnalysis;
  };

/** A unit after its registry phase; `result` undefined when the unit failed to render. */
export interface CompletedUnit {
  job: UnitJob;
  result?: UnitResult;
  failure?: string;
  analysis?: UnitAnalysis;
}

export interface UnitPass {
  /** The units and their members; settles while the caller checks the files that cannot be members. */
  readonly discovery: Promise<Discovery>;
  /** Renders and analyses (offline) each job; `onUnit` after each. */
  render(jobs: readonly UnitJob[], onUnit?: (job: UnitJob) => void): Promise<RenderedUnitSummary[]>;
  /**
   * The registry phase of every rendered unit, with these answers and workspace image map; in job
   * order. Stops at a cancellation (the units done so far are returned).
   */
  complete(images: Map<string, ImageLookup>, workspace: ImageIndex): Promise<CompletedUnit[]>;
  /** Lets go of what the pass holds (a worker thread). */
  dispose(): void;
}

/** How long the calling thread works before letting other work in (an editor's requests, a cancellation). */
const SLICE_MS = 20;

/** The units on the calling thread, as they always were. */
export function unitPassHere(files: readonly string[], source: UnitSource, signal?: AbortSignal): UnitPass {
  const discovery = discoverUnits(files, source);
  let rendered: Array<{ job: UnitJob; analysis: UnitAnalysis } | { job: UnitJob; failure: string }> = [];
  return {
    discovery: Promise.resolve(discovery),
    async render(jobs, onUnit) {
      rendered = await analyzeUnits(jobs, source, { signal, onUnit });
      return rendered.map((unit) => {
        if (!('analysis' in unit)) return unit;
        const deployed = [...unit.analysis.images].flatMap(([file, uses]) => {
          const lines = unit.analysis.linesOf(file);
          return lines ? [{ file, lines, uses }] : [];
        });
        return { job: unit.job, references: unit.analysis.references, deployed, analysis: unit.analysis };
      });
    },
    async complete(images, workspace) {
      const out: CompletedUnit[] = [];
      for (const unit of rendered) {
        if (!('analysis' in unit)) {
          out.push(unit);
          continue;
        }
        const result = await runInSlices(unit.analysis.complete(images, { workspace }), { sliceMs: SLICE_MS, signal }).catch(() => undefined);
        if (!result) break; // cancelled
        out.push({ job: unit.job, result, analysis: unit.analysis });
      }
      return out;
    },
    dispose() { rendered = []; },
  };
}

/**
 * `primary` (a worker), and should it fail (a worker that stopped: out of memory, a crash), the
 * same work on `fallback()` from where it stood: the check still comes out whole.
 */
export function withFallback(primary: UnitPass, fallback: () => UnitPass): UnitPass {
  let backup: UnitPass | undefined;
  let jobs: readonly UnitJob[] = [];
  const use = () => (backup ??= fallback());
  return {
    discovery: primary.discovery.catch(() => use().discovery),
    render(given, onUnit) {
      jobs = given;
      return backup ? backup.render(given, onUnit) : primary.render(given, onUnit).catch(() => use().render(given, onUnit));
    },
    async complete(images, workspace) {
      if (backup) return backup.complete(images, workspace);
      return primary.complete(images, workspace).catch(async () => {
        const here = use();
        await here.render(jobs);
        return here.complete(images, workspace);
      });
    },
    dispose() {
      primary.dispose();
      backup?.dispose();
    },
  };
}
