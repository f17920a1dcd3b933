/**
 * What a GitHub workflow job lacks to build a platform list (AL503), and the edit adding the setup
 * steps. Shared with AL501/AL502, whose fixes add platforms and so must add the builder too. The
 * steps follow the file's convention: the reference it already uses for that action (SHA pin and
 * version comment included), else a version tag — unless the file pins every action to a commit,
 * where a tag would break its rule: then the steps are offered, not preferred.
 */
import type { LineIndex } from '../../core/text';
import type { TextEdit } from '../../core/types';
import type { BuildSite } from '../../buildscripts/model';
import { architectures } from '../../buildscripts/platforms';

const SETUP = {
  qemu: { name: 'Set up QEMU', action: 'docker/setup-qemu-action', version: 'v3' },
  buildx: { name: 'Set up Docker Buildx', action: 'docker/setup-buildx-action', version: 'v3' },
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

/**
 * What the job lacks before this build to build `platforms`; undefined outside GitHub workflows or
 * when nothing lacks. `runsOnTarget` false: the Dockerfiles run no command on the target platform,
 * so foreign platforms need no emulation.
 */
export function missingSetup(build: BuildSite, platforms: readonly string[], runsOnTarget = true): MissingSetup | undefined {
  const wf = build.workflow;
  if (!wf) return undefined;
  const buildx = platforms.length > 1 && !wf.hasBuildx;
  const foreign = wf.runnerArch && runsOnTarget ? architectures(platforms).filter((a) => !native(wf.runnerArch!, a)) : [];
  const qemu = foreign.length > 0 && !wf.hasQemu;
  return buildx || qemu ? { buildx, qemu, foreign } : undefined;
}

/**
 * Why the added platforms may lack QEMU, as a title note: the job's QEMU rests only on a local
 * action archlens cannot see into (kserve's `./.github/actions/free-up-disk-space`), and the added
 * platforms include one the runner cannot execute whose Dockerfiles run commands on the target.
 */
export function unseenQemu(build: BuildSite, added: readonly string[], before: readonly string[], runsOnTarget: boolean): string | undefined {
  const wf = build.workflow;
  if (!wf?.qemuAssumedFrom || !wf.runnerArch || !runsOnTarget) return undefined;
  const had = new Set(architectures(before));
  const foreign = architectures(added).filter((a) => !had.has(a) && !native(wf.runnerArch!, a));
  if (foreign.length === 0) return undefined;
  return `no step before it visibly sets up QEMU (only ${wf.qemuAssumedFrom}, which archlens cannot see into): RUN steps for ${foreign.join(', ')} fail with exec format error on an ${wf.runnerArch} runner without it`;
}

export interface SetupEdit {
  /** Absent when nothing can be added (the job has the step, only later). */
  edit?: TextEdit;
  names: string;
  /** Why a fix with this edit must not be preferred, as a title note; undefined when it may be. */
  problem?: string;
}

/** The steps to insert before the build's step, and a title part naming them. */
export function setupStepsEdit(build: BuildSite, missing: MissingSetup, lines: LineIndex): SetupEdit | undefined {
  const wf = build.workflow;
  const insert = wf?.stepInsert;
  if (!wf || !insert) return undefined;
  const wanted = [missing.qemu ? SETUP.qemu : undefined, missing.buildx ? SETUP.buildx : undefined].filter((s) => s !== undefined);
  const names = wanted.map((s) => s.action).join(' and ');
  // A second setup step of the same action would be a duplicate: the existing one must move instead.
  const later = wanted.filter((s) => (s === SETUP.buildx ? wf.laterSetup?.buildx : wf.laterSetup?.qemu));
  if (later.length > 0) return { names, problem: `the job runs ${later.map((s) => s.action).join(' and ')} only after this step: move it before` };
  const conventions = wf.conventions;
  const unpinned = wanted.filter((s) => !conventions?.known.has(s.action) && conventions?.shaPinned);
  const eol = lines.eol;
  const { dashIndent, keyIndent, offset } = insert;
  const dash = `${dashIndent}-${' '.repeat(Math.max(1, keyIndent.length - dashIndent.length - 1))}`;
  const uses = (s: typeof SETUP.qemu) => conventions?.known.get(s.action) ?? `${s.action}@${s.version}`;
  const at = lines.positionAt(offset);
  return {
    edit: { range: { start: at, end: at }, newText: wanted.map((s) => `${dash}name: ${s.name}${eol}${keyIndent}uses: ${uses(s)}${eol}`).join('') },
    names,
    problem: unpinned.length > 0 ? `pin ${unpinned.map((s) => s.action).join(' and ')} to a commit like the file's other actions` : undefined,
  };
}
