/**
 * The units of a check (`archlens check`, "Check Workspace"): each rendered and analysed with the
 * configuration in force at its root, in slices so a long check still lets other work in; a unit
 * that archlens itself fails on is reported as such and the others go on.
 */
import type { EffectiveConfig } from '../core/config';
import { checkUnit } from './check';
import { driverFor } from './drivers';
import { runInSlices } from './steps';
import type { UnitAnalysis } from './analyze';
import type { UnitRef, UnitSource } from './types';

export interface UnitJob {
  ref: UnitRef;
  config: EffectiveConfig;
  /** The folder of the config file in force (paths under `helm:` are relative to it). */
  configDir?: string;
}

export type UnitOutcome = { job: UnitJob; analysis: UnitAnalysis } | { job: UnitJob; failure: string };

/** Renders and analyses (offline) each unit; `onUnit` after each. */
export async function analyzeUnits(
  jobs: readonly UnitJob[],
  source: UnitSource,
  options: { signal?: AbortSignal; onUnit?: (job: UnitJob) => void } = {},
): Promise<UnitOutcome[]> {
  const out: UnitOutcome[] = [];
  for (const job of jobs) {
    if (options.signal?.aborted) break;
    const driver = driverFor(job.ref.kind);
    if (!driver) continue;
    try {
      const analysis = await runInSlices(checkUnit(job.ref, driver, { source, config: job.config, configDir: job.configDir, signal: options.signal }), { sliceMs: 20, signal: options.signal });
      out.push({ job, analysis });
    } catch (error) {
      if (options.signal?.aborted) break;
      out.push({ job, failure: error instanceof Error ? error.message : String(error) });
    }
    options.onUnit?.(job);
  }
  return out;
}
