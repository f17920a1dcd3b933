/** The Helm chart unit driver: charts found by Chart.yaml, rendered in-process, fixes moved to values.yaml or the template. */
import type { UnitDriver } from '../types';
import { ChartRoots, discoverCharts } from './discover';
import { relocateHelmFix } from './fixes';
import { HelmDocument, renderChartUnit } from './render';

export const helmDriver: UnitDriver = {
  kind: 'helm',
  discover: discoverCharts,
  unitsOf(file, source) {
    const unit = new ChartRoots(source).unitOf(file);
    return unit ? [unit] : [];
  },
  render: renderChartUnit,
  relocateFix(request) {
    return request.document instanceof HelmDocument ? relocateHelmFix(request.document.data, request) : undefined;
  },
};
