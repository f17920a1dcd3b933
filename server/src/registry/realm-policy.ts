/**
 * Which token realms may receive a registry's credentials.
 *
 * Docker and containerd pick credentials by the host whose 401 carried the challenge (containerd
 * since CVE-2020-15157, where a layer URL's host got the registry's credentials), then send them
 * to whatever realm that challenge names. That is one step more trust than the credential needs:
 * the credential belongs to the registry host, and a realm on another site — named by a
 * compromised or hostile registry, a plain-http hop, or a multi-tenant front end — would receive
 * the user's password. archlens sends them only to a realm on the registry's own host (any port)
 * or on the same site: the same registrable domain by the Public Suffix List, private suffixes
 * included, so `registry-1.docker.io` → `auth.docker.io` (docker.io), `registry.gitlab.com` →
 * `gitlab.com` and `registry.corp.example` → `sso.corp.example` keep working, while
 * `a.herokuapp.com` → `b.herokuapp.com` or an IP address → another address do not. A realm on
 * another site still gets an anonymous token request (public images keep working); when that is
 * not enough, the look-up says the credentials were withheld and from where.
 */
import type * as Tldts from 'tldts';
import { hostnameOf } from './hosts';

let tldtsModule: typeof Tldts | undefined;

/** tldts (the Public Suffix List, 190 kB of bundle) is read with the first token realm: never offline (issue 13). */
function tldts(): typeof Tldts {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; esbuild bundles it (build.mjs lazyVendors)
  tldtsModule ??= require('tldts') as typeof Tldts;
  return tldtsModule;
}

export function realmMayReceiveCredentials(registryHost: string, realmHost: string): boolean {
  const registry = hostnameOf(registryHost);
  const realm = hostnameOf(realmHost);
  if (registry === realm) return true;
  const site = (host: string): string | null => tldts().getDomain(host, { allowPrivateDomains: true });
  const registrySite = site(registry);
  return registrySite !== null && registrySite === site(realm);
}
