/**
 * "Set Targets from Current Kube Context": kubectl's error output (klog lines, Go error chains)
 * becomes one sentence that says what to do — never the raw log line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeError, readableKubectlError, readClusterTargets } from '../../../client/src/kube';

const REFUSED = [
  'E1204 17:12:01.123456   41234 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused',
  'E1204 17:12:01.125001   41234 memcache.go:265] couldn\'t get current server API group list: Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused',
  'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
].join('\n');

const CASES: Array<{ name: string; output: string; expect: RegExp }> = [
  { name: 'connection refused', output: REFUSED, expect: /^the cluster's API server at 127\.0\.0\.1:6443 refused the connection\. Is the cluster running/ },
  { name: 'no context', output: 'error: current-context is not set', expect: /no usable current kube context\. Choose one with `kubectl config use-context NAME`/ },
  { name: 'no configuration', output: 'The connection to the server localhost:8080 was refused - did you specify the right host or port?\nerror: no configuration has been provided, try setting KUBERNETES_MASTER environment variable', expect: /no usable current kube context/ },
  { name: 'expired credentials', output: 'error: You must be logged in to the server (Unauthorized)', expect: /refused the current context's credentials/ },
  { name: 'forbidden', output: 'Error from server (Forbidden): nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope', expect: /may not list nodes/ },
  { name: 'DNS', output: 'E1204 17:00:00.000000 1 memcache.go:265] couldn\'t get current server API group list: Get "https://k8s.example.internal:443/api": dial tcp: lookup k8s.example.internal on 127.0.0.53:53: no such host', expect: /could not be resolved/ },
  { name: 'timeout', output: 'Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout', expect: /did not answer in time/ },
  { name: 'TLS', output: 'Unable to connect to the server: x509: certificate signed by unknown authority', expect: /TLS certificate was not accepted/ },
  { name: 'anything else', output: 'E1204 17:00:00.000000 1 cmd.go:1] boom\nerror: something new went wrong', expect: /^kubectl could not list the nodes: something new went wrong$/ },
];

describe('client: readable kubectl errors', () => {
  for (const c of CASES) {
    it(`${c.name}: a sentence, no klog prefix`, () => {
      const text = readableKubectlError(c.output);
      assert.match(text, c.expect);
      assert.doesNotMatch(text, /^[IWEF]\d{4} |memcache\.go/, 'no raw log line');
    });
  }

  it('a real failing kubectl (a script printing klog lines, exit 1) → KubeError with the sentence, the raw output kept for the log', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archlens-kubectl-'));
    try {
      const fake = path.join(dir, 'kubectl');
      fs.writeFileSync(fake, `#!/bin/sh\ncat >&2 <<'OUT'\n${REFUSED}\nOUT\nexit 1\n`, { mode: 0o755 });
      const error = await readClusterTargets(fake).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof KubeError, String(error));
      assert.match(error.message, /refused the connection/);
      assert.match(error.output, /memcache\.go:265/, 'kubectl\'s own lines for the log');
      const missing = await readClusterTargets(path.join(dir, 'no-such-kubectl')).then(() => undefined, (e: unknown) => e);
      assert.match(String((missing as Error).message), /kubectl was not found on PATH/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
