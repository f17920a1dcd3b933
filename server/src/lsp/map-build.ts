/**
 * The first build of the editor's workspace image map: every file of the workspace folders that can
 * tell the map something, and — as the CLI's check does (workspace/check.ts) — what each Helm chart
 * and Kustomize overlay deploys once rendered, placed where the user sets the image (a values key,
 * an `images:` entry). Charts and overlays are found as units (units/drivers.ts); their member files
 * are read through the unit, not one by one.
 *
 * It runs in a worker thread when the server is bundled (map-worker.ts): reading a large workspace,
 * and rendering its charts, never holds up a request. From sources it runs in this thread, in slices.
 * Facts are sent as they are made, in batches (`emit`), so the map fills while the build goes on.
 */
import type { ConfigLayer, EffectiveConfig } from '../core/config';
import { classifyFile } from '../engine/classify';
import { addDeployedImages, factsOfText, mattersToMap, type FileFacts } from '../imagemap';
import { discoverUnits } from '../units';
import { analyzeUnits } from '../units/batch';
import { diskSourceWith } from '../units/node-source';
import { ConfigResolver } from '../workspace/config-files';
import { mayBeRead, readFileSafely } from '../workspace/read';
import { walkPaths } from '../workspace/walk';
import type { FactsChange } from '../imagemap/crossing';

export interface MapBuildInput {
  folders: string[];
  /** The editor's settings as a configuration layer (over `.archlens.yaml`). */
  layer: ConfigLayer;
  /** Open documents: path → unsaved text. Plain open files are left out (their analyses feed the map); charts render with these texts. */
  openTexts: Array<[string, string]>;
}

export interface MapBuildOutcome {
  /** Every file the walk found (a file of an earlier build it no longer finds leaves the map). */
  seen: string[];
  /** Files read one by one, and units rendered. */
  read: number;
  units: number;
  /** Files of charts and overlays (read through their unit). */
  members: string[];
}

export interface MapBuildHooks {
  /** A batch of facts (undefined: the file tells the map nothing). */
  emit(changes: FactsChange[]): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Stops the build (a newer one started). */
  cancelled(): boolean;
  /** Lets other work in (in this thread: requests; in a worker: nothing needed). */
  pause(): Promise<void>;
  /** The engine's one-time set-up (the shell parser's WASM), asked for only once a file needs it. */
  prepare(): Promise<void>;
}

/** Facts are sent in batches of about this many files. */
const BATCH = 200;

export async function buildWorkspaceMap(input: MapBuildInput, hooks: MapBuildHooks): Promise<MapBuildOutcome | undefined> {
  const configs = new ConfigResolver({ overrides: [input.layer], root: input.folders[0] });
  const walk = await walkPaths(input.folders, configs);
  const texts = new Map(input.openTexts);
  const source = diskSourceWith((file) => texts.get(file));
  const discovery = discoverUnits(walk.files, source);
  let batch: FactsChange[] = [];
  const send = () => {
    if (batch.length > 0) hooks.emit(batch);
    batch = [];
  };
  let read = 0;
  for (const file of walk.files) {
    if (hooks.cancelled()) return undefined;
    await hooks.pause();
    // Open documents are fed by their own analyses; chart and overlay files through their unit below.
    const kind = classifyFile(file);
    if (texts.has(file) || discovery.members.has(file) || !mayBeRead(file) || (kind && !mattersToMap(kind))) continue;
    // Manifests need no shell parser: a workspace of manifests alone never loads it.
    if (kind !== 'kubernetes') await hooks.prepare();
    const outcome = readFileSafely(file);
    batch.push([file, 'problem' in outcome ? undefined : safeFacts(file, outcome.text, configs.forPath(file).config, (level, message) => hooks.log(level, message))]);
    read++;
    if (batch.length >= BATCH) send();
  }
  send();
  // What each chart and overlay deploys, at the place its image is set; a base several overlays build is read once.
  const deployed = new Map<string, FileFacts>();
  let units = 0;
  for (const ref of discovery.units) {
    if (hooks.cancelled()) return undefined;
    await hooks.pause();
    await hooks.prepare();
    const resolved = configs.forPath(ref.anchor);
    const [outcome] = await analyzeUnits([{ ref, config: resolved.config, configDir: resolved.baseDir }], source);
    units++;
    if (!outcome) continue;
    if (!('analysis' in outcome)) {
      // Its check shows the failure where the user looks; the map only misses what it deploys.
      hooks.log('info', `workspace image map: ${ref.anchor} could not be rendered (${outcome.failure}); what it deploys is not in the map`);
      continue;
    }
    for (const [file, uses] of outcome.analysis.images) {
      const lines = outcome.analysis.linesOf(file);
      if (lines) addDeployedImages(deployed, file, lines, uses);
    }
  }
  hooks.emit([...deployed]);
  return { seen: walk.files, read, units, members: [...discovery.members] };
}

/** A file's facts; a failure of archlens on one file leaves that file out of the map (logged as ours), never the map. */
export function safeFacts(file: string, text: string, config: EffectiveConfig, log: MapBuildHooks['log']): FileFacts | undefined {
  try {
    return factsOfText(file, text, config);
  } catch (error) {
    log('error', `workspace image map: archlens failed on ${file}: ${error instanceof Error ? error.message : String(error)} (please report)`);
    return undefined;
  }
}
