/**
 * Subcharts a chart takes from its own repository (`repository: file://../partials` in Chart.yaml
 * or requirements.yaml) that are not in its charts/ folder: `helm dependency build` copies that
 * folder there before the chart is ever installed, and repositories do not commit the copy. The
 * chart is rendered with the folder as its subchart, as it will be installed (linkerd/linkerd2:
 * each of its charts takes its named templates from charts/partials; without them most templates
 * failed and went unchecked). Only what the build would take: a relative path, to a folder holding
 * a chart of that name whose version the entry accepts. Anything else stays missing, and is
 * reported as such.
 */
import { ChartLoadError, joinPath, loadChartSteps, type Chart, type ChartSource } from '../../helm/chart';
import { isCompatibleRange } from '../../helm/chart/semver';

const LOCAL = /^file:\/\/(.+)$/;

/** Whether `dir` is `folder` or inside it. */
function inside(dir: string, folder: string): boolean {
  return dir === folder || dir.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
}

/**
 * The chart with its local dependencies loaded as subcharts (a copy; `chart` is not changed), and
 * the folders they were read from. `folders`: the folders an editor has open, when known; a path
 * that leads out of them is not read.
 */
export function* withLocalDependencies(
  chart: Chart, root: string, source: ChartSource, folders?: readonly string[],
): Generator<void, { chart: Chart; locations: string[] }, void> {
  const present = new Set(chart.dependencies.map((c) => c.metadata.name));
  const added: Chart[] = [];
  for (const dependency of chart.metadata.dependencies ?? []) {
    if (dependency === null || present.has(dependency.name)) continue;
    const path = LOCAL.exec(dependency.repository.trim())?.[1];
    if (path === undefined || path.startsWith('/')) continue;
    const dir = joinPath(root, path);
    if (dir === root || inside(root, dir) || (folders && !folders.some((f) => inside(dir, f)))) continue;
    if (source.read(joinPath(dir, 'Chart.yaml')) === undefined) continue;
    let local: Chart;
    try {
      local = yield* loadChartSteps(source, dir);
    } catch (error) {
      // A folder Helm cannot load either: `helm dependency build` fails, and the entry stays missing.
      if (error instanceof ChartLoadError) continue;
      throw error;
    }
    if (local.metadata.name !== dependency.name || !isCompatibleRange(dependency.version, local.metadata.version)) continue;
    present.add(dependency.name);
    added.push(local);
  }
  if (added.length === 0) return { chart, locations: [] };
  // Helm loads charts/ in name order.
  const dependencies = [...chart.dependencies, ...added].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  return { chart: { ...chart, dependencies }, locations: added.map((c) => c.location) };
}
