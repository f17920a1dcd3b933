/**
 * Test harness for anything that needs a real OCI registry:
 *   const registry = await startRegistry({ auth: { kind: 'none' } });          // or htpasswd / token
 *   const img = await pushImage(registry, 'team/app', 'v1', { platforms: [...] }); // index, single, raw…
 *   const proxy = await startFaultProxy({ target: registry.url });              // counts + faults
 *   const resolver = testResolver({ insecure: [proxy.host] });                   // temp cache, short timeouts
 *   … resolver.resolve(ref(`${proxy.host}/team/app:v1`)) …
 *   await resolver.close(); await proxy.stop(); await stopRegistry(registry);    // in after hooks
 */
export { startRegistry, stopRegistry, stopAllRegistries, freePort, type TestRegistry, type RegistryAuth, type StartOptions } from './registry';
export { pushImage, pushSingle, pushBlob, pushManifest, indexDocument, sha256, type ImageSpec, type PushedImage, type Descriptor, OCI_INDEX, DOCKER_LIST, OCI_MANIFEST, DOCKER_MANIFEST, OCI_CONFIG, DOCKER_CONFIG } from './push';
export { startFaultProxy, type FaultProxy, type FaultRule, type FaultAction, type RecordedRequest } from './proxy';
export { startTokenServer, type TokenServer } from './token-server';
export { makeCert, tempDir, type TestCert } from './certs';
export { testResolver, ref, dockerConfig, type TestResolver, type TestResolverOptions } from './resolver';
export { startRegistryRules, findingKey, codes, type RegistryRulesHarness } from './rules';
