/** Image names in build files that show they are meant for a registry. */

/** A name whose first component is a registry host (`ghcr.io/…`, `localhost:5000/…`): it is meant to be pushed. */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash <= 0) return false;
  const host = image.slice(0, slash);
  return !host.includes('$') && (host.includes('.') || host.includes(':') || host === 'localhost');
}
