/** The environment the oracle tests render in: Helm's function map, files from disk. */
import type { HelmEnvironment } from '../../../server/src/helm/chart/helm-template';
import { defaultHelmFunctions, helmToYaml } from '../../../server/src/helm/chart/helm-functions';
import type { RenderOptions } from '../../../server/src/helm/chart/render';
import type { ChartSource } from '../../../server/src/helm/chart/source';

export function helmEnvironment(source: ChartSource, cwd: string): HelmEnvironment {
  return { source, cwd, functions: defaultHelmFunctions(), toYaml: helmToYaml };
}

export function helmRenderOptions(o: Partial<RenderOptions>): RenderOptions {
  return { functions: defaultHelmFunctions(), toYaml: helmToYaml, ...o };
}
