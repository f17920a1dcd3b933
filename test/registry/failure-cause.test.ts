/**
 * Issue 15.3 groundwork: every look-up failure carries its cause — `network` (nothing is known
 * about the image), `reference` (the answer is about this image) or `registry` (the registry
 * misbehaved) — so the editor can show one status for network causes instead of a squiggle per image.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { LookupErrorState } from '../../server/src/images/lookup';
import { causeOf, LookupFailure, toLookupError } from '../../server/src/registry/failure';
import { NetError, classifyError, type NetErrorKind } from '../../server/src/registry/transport';
import { freePort } from '../helpers/registry/registry';
import { ref, testResolver } from '../helpers/registry/resolver';

describe('look-up failure causes', () => {
  const byState: Array<[LookupErrorState, 'network' | 'reference' | 'registry']> = [
    ['offline', 'network'], ['unreachable', 'network'], ['timeout', 'network'], ['tls', 'network'], ['untrusted-workspace', 'network'], ['cancelled', 'network'],
    ['not-found', 'reference'], ['not-found-or-private', 'reference'], ['denied', 'reference'], ['unauthorized', 'reference'], ['unsupported-reference', 'reference'], ['not-runnable', 'reference'],
    ['registry-error', 'registry'], ['invalid-response', 'registry'], ['rate-limited', 'registry'],
  ];
  for (const [state, cause] of byState) {
    it(`${state} → ${cause}`, () => {
      assert.equal(causeOf({ state }), cause);
      assert.equal(new LookupFailure(state, 'm').error.cause, cause);
    });
  }

  const byKind: Array<[NetErrorKind, LookupErrorState, 'network' | 'registry']> = [
    ['timeout', 'timeout', 'network'], ['unreachable', 'unreachable', 'network'], ['tls', 'tls', 'network'], ['proxy', 'unreachable', 'network'],
    // A reset connection keeps its state (registry-error, as before) but is the network's doing.
    ['reset', 'registry-error', 'network'],
    ['too-large', 'invalid-response', 'registry'], ['rate-limited', 'rate-limited', 'registry'], ['protocol', 'registry-error', 'registry'], ['local-address', 'registry-error', 'registry'],
  ];
  for (const [kind, state, cause] of byKind) {
    it(`transport ${kind} → ${state} (${cause})`, () => {
      const e = toLookupError(new NetError(kind, 'm'));
      assert.equal(e.state, state);
      assert.equal(e.cause, cause);
      assert.equal(causeOf(e), cause);
    });
  }

  it('an explicit cause wins over the state default; an unknown throwable is the registry client\'s', () => {
    assert.equal(causeOf({ state: 'registry-error', cause: 'network' }), 'network');
    assert.equal(toLookupError(new Error('boom')).cause, 'registry');
  });

  it('socket-level errors are classified by code (DNS failure, refused, reset, time-out)', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    assert.equal(toLookupError(classifyError(err('ENOTFOUND'), undefined, 'h')).cause, 'network');
    assert.equal(toLookupError(classifyError(err('ECONNREFUSED'), undefined, 'h')).cause, 'network');
    assert.equal(toLookupError(classifyError(err('ECONNRESET'), undefined, 'h')).cause, 'network');
    assert.equal(toLookupError(classifyError(err('UND_ERR_CONNECT_TIMEOUT'), undefined, 'h')).cause, 'network');
    assert.equal(toLookupError(classifyError(err('CERT_HAS_EXPIRED'), undefined, 'h')).cause, 'network');
  });

  describe('through a resolver (real sockets on loopback)', function () {
    this.timeout(20_000);
    it('connection refused, a reset on every request, offline, untrusted: network; cancelled too', async () => {
      const port = await freePort();
      const refused = testResolver({ insecure: [`127.0.0.1:${port}`], tuning: { retries: 0 } });
      const resetServer = net.createServer((s) => s.destroy());
      await new Promise<void>((r) => resetServer.listen(0, '127.0.0.1', r));
      const resetHost = `127.0.0.1:${(resetServer.address() as net.AddressInfo).port}`;
      const reset = testResolver({ insecure: [resetHost], tuning: { retries: 1, backoffBaseMs: 10 } });
      const offline = testResolver({ offline: true });
      const untrusted = testResolver({ untrusted: true });
      try {
        const a = await refused.resolve(ref(`127.0.0.1:${port}/a/b:1`));
        assert.ok(!a.ok && a.error.state === 'unreachable' && a.error.cause === 'network', JSON.stringify(a));
        const b = await reset.resolve(ref(`${resetHost}/a/b:1`));
        assert.ok(!b.ok && b.error.cause === 'network', JSON.stringify(b));
        const c = await offline.resolve(ref('nginx:1.27'));
        assert.ok(!c.ok && c.error.state === 'offline' && c.error.cause === 'network');
        const d = await untrusted.resolve(ref('nginx:1.27'));
        assert.ok(!d.ok && d.error.cause === 'network');
        const controller = new AbortController();
        controller.abort();
        const e = await offline.resolve(ref('nginx:1.27'), { signal: controller.signal });
        assert.ok(!e.ok && e.error.state === 'cancelled' && e.error.cause === 'network');
      } finally {
        await Promise.all([refused.close(), reset.close(), offline.close(), untrusted.close()]);
        resetServer.close();
      }
    });
  });
});
