/**
 * The function map charts render with by default: Helm's (sprig plus Helm's own), created once so
 * the template engine's parse cache (kept per function map) serves every render.
 */
import type { FunctionMap } from '../template';
import { createHelmFunctions, marshalYamlV2 } from '../functions';

let helm: FunctionMap | undefined;

/** Helm's template functions. */
export function defaultHelmFunctions(): FunctionMap {
  return (helm ??= createHelmFunctions());
}

/** Helm's toYAML (what Files.AsConfig and AsSecrets write with): sigs.k8s.io/yaml, last newline dropped. */
export function helmToYaml(value: unknown): string {
  try {
    return marshalYamlV2(value).text.replace(/\n$/, '');
  } catch {
    return ''; // Helm's toYAML gives "" when the value cannot be written
  }
}
