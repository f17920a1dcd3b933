/** Image names and outputs in build files that show an image is meant for a registry. */

/** A name whose first component is a registry host (`ghcr.io/…`, `localhost:5000/…`): it is meant to be pushed. */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash <= 0) return false;
  const host = image.slice(0, slash);
  return !host.includes('$') && (host.includes('.') || host.includes(':') || host === 'localhost');
}

/** A buildx output (`--output`, Bake `output`, build-push-action `outputs` line) that pushes. */
export function pushingOutput(value: string): boolean {
  const fields = value.split(',').map((f) => f.trim().toLowerCase());
  if (fields.includes('type=registry')) return true;
  return fields.includes('push=true') && fields.some((f) => f === 'type=image' || f === 'type=oci' || f === 'type=docker');
}
