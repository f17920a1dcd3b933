/**
 * The Dockerfile side of a deployed image (docs/rules/AL210.md): an AL306 or
 * AL308 finding on the exported stage of a Dockerfile whose image a manifest deploys is raised to
 * error and points at the manifests that deploy it (AL210 points back from the manifest).
 */
import type { EffectiveConfig } from '../core/config';
import type { Finding, RelatedLocation } from '../core/types';
import type { WorkspaceImages } from './types';

/** At most this many deploying places are listed on one Dockerfile finding. */
const MAX_RELATED = 5;

/** The findings of a Dockerfile with its shipped-binary findings linked to the manifests that deploy its image. */
export function linkShippedBinaries(dockerfile: string, findings: readonly Finding[], images: WorkspaceImages, config: EffectiveConfig): Finding[] {
  const shipped = images.shippedBinaries(dockerfile);
  if (shipped.length === 0) return [...findings];
  const deployments = images.deploymentsOf(dockerfile);
  if (deployments.length === 0) return [...findings];
  return findings.map((finding) => {
    const same = shipped.some((s) => s.rule === finding.rule && s.range.start.line === finding.range.start.line && s.range.start.character === finding.range.start.character);
    if (!same || finding.file !== undefined) return finding;
    const related: RelatedLocation[] = deployments.slice(0, MAX_RELATED).map((d) => ({
      file: d.file,
      range: d.range,
      message: `a manifest deploys this image (${d.image}): pods there run this binary`,
    }));
    if (deployments.length > MAX_RELATED) related[related.length - 1].message += ` (and ${deployments.length - MAX_RELATED} more places)`;
    // A severity the user chose for the rule stands; the default is raised, since pods will run it.
    const severity = config.rules[finding.rule] === undefined ? 'error' : finding.severity;
    return { ...finding, severity, related: [...(finding.related ?? []), ...related] };
  });
}
