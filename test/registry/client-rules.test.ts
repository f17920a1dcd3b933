/**
 * Safety rules that need non-loopback hosts, which the tests cannot reach: checked against a
 * scripted transport (every other registry test uses the real one).
 */
import * as assert from 'node:assert/strict';
import { dockerConfig } from '../helpers/registry/resolver';
import { failure, manifestFetch, scriptedClient, type Scripted } from '../helpers/registry/scripted';

describe('registry client safety rules (scripted transport)', () => {
  it('a redirect from a public host into loopback or link-local goes to the transport marked (refused there), https→http refused here', async () => {
    for (const target of ['https://169.254.169.254/latest/meta-data', 'https://[::1]/x', 'https://localhost/x']) {
      const { client: c, sent } = scriptedClient((req) => (req.url.host === 'registry.example.com' ? { status: 307, headers: { Location: target } } : { status: 200, body: '{}' }));
      await c.fetch(manifestFetch(c));
      assert.equal(sent[1].publicSource, 'a redirect from registry.example.com', target);
    }
    const { client: c, sent } = scriptedClient(() => ({ status: 307, headers: { Location: 'http://127.0.0.1:5000/x' } }));
    const e = await failure(c.fetch(manifestFetch(c)));
    assert.equal(e.state, 'registry-error');
    assert.match(e.message, /https to plain http/);
    assert.equal(sent.length, 1);
  });

  it('a redirect to another public origin drops Authorization', async () => {
    const cfg = dockerConfig({ auths: { 'registry.example.com': { auth: Buffer.from('u:p').toString('base64') } } });
    let n = 0;
    const { client: c, sent } = scriptedClient((req): Scripted => {
      n++;
      if (req.url.host === 'registry.example.com' && !req.headers.Authorization) return { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } };
      if (req.url.host === 'registry.example.com') return { status: 302, headers: { Location: 'https://cdn.example.net/blob?sig=1' } };
      return { status: 200, body: '{}' };
    }, { configDir: cfg });
    const res = await c.fetch(manifestFetch(c));
    assert.equal(res.status, 200);
    assert.equal(n, 3);
    assert.ok(sent[1].headers.Authorization?.startsWith('Basic '));
    assert.equal(sent[2].url.host, 'cdn.example.net');
    assert.equal(sent[2].headers.Authorization, undefined);
  });

  it('Basic credentials are never sent over plain http to a non-loopback host', async () => {
    const cfg = dockerConfig({ auths: { 'plain.example.com': { auth: Buffer.from('u:p').toString('base64') } } });
    const { client: c, sent } = scriptedClient(() => ({ status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } }), { configDir: cfg, insecure: ['plain.example.com'] });
    // An insecure host is tried over https first; this is the plain-http endpoint it falls back to.
    const e = await failure(c.fetch({ ...manifestFetch(c, 'plain.example.com'), endpoint: { base: new URL('http://plain.example.com'), credHost: 'plain.example.com' } }));
    assert.equal(e.state, 'unauthorized');
    assert.match(e.message, /plain http; refusing/);
    assert.ok(sent.every((r) => !r.headers.Authorization));
  });

  it('a token realm over plain http (not loopback) is refused; any other scope hint is still ours', async () => {
    const { client: c } = scriptedClient(() => ({ status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="http://auth.example.com/token",service="s"' } }));
    const e = await failure(c.fetch(manifestFetch(c)));
    assert.match(e.message, /not https/);
    const { client: c2, sent } = scriptedClient((req) => {
      if (req.url.host === 'auth.example.com') return { status: 200, body: JSON.stringify({ access_token: 't', expires_in: 5 }) };
      return req.headers.Authorization ? { status: 200, body: '{}' } : { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.example.com/token",service="public.ecr.aws",scope="aws"' } };
    });
    assert.equal((await c2.fetch(manifestFetch(c2))).status, 200);
    const tokenReq = sent.find((r) => r.url.host === 'auth.example.com')!;
    assert.deepEqual(tokenReq.url.searchParams.getAll('scope'), ['repository:team/app:pull']);
    assert.equal(tokenReq.url.searchParams.get('service'), 'public.ecr.aws');
    assert.equal(sent[sent.length - 1].headers.Authorization, 'Bearer t');
  });
});
