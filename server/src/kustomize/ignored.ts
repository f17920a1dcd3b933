/**
 * Fields archlens reads but does not build (plugins, replacements, vars): whether they may still
 * change what decides architecture, which makes their note a warning.
 */
import { loadRestrictionError, type BuildHost } from './host';
import type { Kustomization } from './kustomization';
import { joinPath } from './paths';
import { entryOf, type PNode } from './pnode';
import { isRemoteFile } from './remote';

/**
 * Text of a plugin configuration or replacement that may change images or node constraints: a
 * field name (a key, a step of a field path) or a transformer kind. Not a word joined to others by
 * hyphens: that is a name (a label value "image-automation-controller"), and no field's name has one.
 */
const ARCH_TEXT = /(?<![\w-])(?:image|images|containers|initContainers|nodeSelector|affinity|tolerations|ImageTagTransformer|PatchTransformer|PatchStrategicMergeTransformer|PatchJson6902Transformer|ReplacementTransformer)(?![\w-])/;

/**
 * A field path that goes through a container to one of its fields other than the image
 * (`spec.template.spec.containers.0.env.1.value`, `containers.[name=manager].args`): it writes that
 * field, never the image nor where the pod runs (kubeflow/manifests centraldashboard's replacements
 * fill env values from a ConfigMap). Left out before ARCH_TEXT is tested; `containers.0.image`, or a
 * path that stops at the container, still counts.
 */
const CONTAINER_FIELD_PATH = /(?<![\w-])(?:initContainers|containers|ephemeralContainers)[./](?:\d+|-|\*|\[[^\]\n]*\])[./](?!image(?![\w-]))[A-Za-z]\w*/g;

function mentionsArchitecture(text: string): boolean {
  return ARCH_TEXT.test(text.replace(CONTAINER_FIELD_PATH, ''));
}

/**
 * Whether an ignored field (plugin configurations, replacements, vars) may write images or
 * scheduling constraints: its inline text, or the local files its entries name, mention them.
 */
export function mayCarryArchitecture(host: BuildHost, k: Kustomization, value: PNode): boolean {
  const items = value.kind === 'seq' ? value.items : [value];
  for (const item of items) {
    const path = item.kind === 'map' ? entryOf(item, 'path')?.value : item;
    if (path?.kind === 'scalar' && !path.value.includes('\n')) {
      // A file of the plugin configuration or replacement (remote ones stay unread).
      const file = joinPath(k.dir, path.value);
      if (isRemoteFile(path.value) || loadRestrictionError(host.loadRestrictor, k.dir, file)) continue;
      const text = host.readFile(file);
      if (text !== undefined && mentionsArchitecture(text)) return true;
      continue;
    }
    if (mentionsArchitecture(k.text.slice(item.prov.origin.start, item.prov.origin.end))) return true;
  }
  return false;
}

