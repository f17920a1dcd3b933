/**
 * What a GitHub workflow job lacks to build a platform list (AL503), and the edit adding the setup
 * steps. Shared with AL501/AL502, whose fixes add platforms and so must add the builder too.
 */
import type { LineIndex } from '../../core/text';
import type { TextEdit } from '../../core/types';
import type { BuildSite } from '../../buildscripts/model';
import { architectures } from '../../buildscripts/platforms';

const SETUP = {
  qemu: { name: 'Set up QEMU', uses: 'docker/setup-qemu-action@v3' },
  buildx: { name: 'Set up Docker Buildx', uses: 'docker/setup-buildx-action@v3' },
};

/** Architectures a runner executes without emulation. */
function native(runner: string, arch: string): boolean {
  return arch === runner || (runner === 'amd64' && arch === '386');
}

export interface MissingSetup {
  buildx: boolean;
  qemu: boolean;
  /** The architectures the runner cannot execute natively. */
  foreign: string[];
}

/** What the job lacks before this build to build `platforms`; undefined outside GitHub workflows or when nothing lacks. */
export function missingSetup(build: BuildSite, platforms: readonly string[]): MissingSetup | undefined {
  const wf = build.workflow;
  if (!wf) return undefined;
  const buildx = platforms.length > 1 && !wf.hasBuildx;
  const foreign = wf.runnerArch ? architectures(platforms).filter((a) => !native(wf.runnerArch!, a)) : [];
  const qemu = foreign.length > 0 && !wf.hasQemu;
  return buildx || qemu ? { buildx, qemu, foreign } : undefined;
}

/** The steps to insert before the build's step, and a title part naming them. */
export function setupStepsEdit(build: BuildSite, missing: MissingSetup, lines: LineIndex): { edit: TextEdit; names: string } | undefined {
  const insert = build.workflow?.stepInsert;
  if (!insert) return undefined;
  const eol = lines.eol;
  const { dashIndent, keyIndent, offset } = insert;
  const dash = `${dashIndent}-${' '.repeat(Math.max(1, keyIndent.length - dashIndent.length - 1))}`;
  const steps = [missing.qemu ? SETUP.qemu : undefined, missing.buildx ? SETUP.buildx : undefined].filter((s) => s !== undefined);
  const at = lines.positionAt(offset);
  return {
    edit: { range: { start: at, end: at }, newText: steps.map((s) => `${dash}name: ${s.name}${eol}${keyIndent}uses: ${s.uses}${eol}`).join('') },
    names: steps.map((s) => s.uses.replace(/@.*/, '')).join(' and '),
  };
}
