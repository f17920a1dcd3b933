/**
 * sprig's tests that call its Go functions directly (regex_test.go, numeric_test.go,
 * url_test.go, crypto_test.go, strings_test.go), ported to template calls, plus Go's own regexp
 * test vectors (regexp/all_test.go: replaceTests, splitTests) for the match-iteration rules.
 */
import * as assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { render, renderTemplate } from './helpers';

describe('helm functions: sprig regex (regex_test.go and Go regexp vectors)', () => {
  const email = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';

  it('regexMatch / mustRegexMatch', () => {
    for (const fn of ['regexMatch', 'mustRegexMatch']) {
      const m = (s: string): string => render(`{{ ${fn} .re .s }}`, { re: email, s });
      assert.equal(m('test@acme.com'), 'true');
      assert.equal(m('Test@Acme.Com'), 'true');
      assert.equal(m('test'), 'false');
      assert.equal(m('test.com'), 'false');
      assert.equal(m('test@acme'), 'false');
    }
    assert.equal(render('{{ regexMatch "a(" "a" }}'), 'false');
    assert.match(renderTemplate('{{ mustRegexMatch "a(" "a" }}').error ?? '', /error calling mustRegexMatch: error parsing regexp: missing closing \): `a\(`/);
  });

  it('regexFindAll, regexFind and their errors', () => {
    const count = (re: string, s: string, n: number): string => render(`{{ regexFindAll .re .s ${n} | len }}`, { re, s });
    assert.equal(count('a{2}', 'aa', -1), '1');
    assert.equal(count('a{2}', 'aaaaaaaa', 1), '1');
    assert.equal(count('a{2}', 'aaaa', -1), '2');
    assert.equal(count('a{2}', 'none', -1), '0');
    assert.equal(render('{{ regexFind "fo.?" "foorbar" }}'), 'foo');
    assert.equal(render('{{ regexFind "fo.?" "foo foe fome" }}'), 'foo');
    assert.equal(render('{{ regexFind "fo.?" "none" }}'), '');
    // Go skips an empty match right after a match: "", "aaa", "" (not a second "" at 4)
    assert.equal(render('{{ regexFindAll "a*" "baaab" -1 | toJson }}'), '["","aaa",""]');
    assert.match(renderTemplate('{{ regexFind "x**" "x" }}').error ?? '', /error calling regexFind: regexp: Compile\(`x\*\*`\): error parsing regexp: invalid nested repetition operator: `\*\*`/);
    // RE2 has no backreferences or lookarounds: Go rejects them at compile time.
    assert.match(renderTemplate('{{ mustRegexFind "(a)\\\\1" "aa" }}').error ?? '', /invalid escape sequence: `\\1`/);
    assert.match(renderTemplate('{{ mustRegexFind "a(?=b)" "ab" }}').error ?? '', /invalid or unsupported Perl syntax: `\(\?=`/);
  });

  it('regexReplaceAll expands $1 and ${1} as Go does; the Literal variant does not', () => {
    const re = 'a(x*)b';
    for (const fn of ['regexReplaceAll', 'mustRegexReplaceAll']) {
      const r = (repl: string): string => render(`{{ ${fn} .re .s .r }}`, { re, s: '-ab-axxb-', r: repl });
      assert.equal(r('T'), '-T-T-');
      assert.equal(r('$1'), '--xx-');
      assert.equal(r('$1W'), '---');
      assert.equal(r('${1}W'), '-W-xxW-');
    }
    for (const fn of ['regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral']) {
      const r = (repl: string): string => render(`{{ ${fn} .re .s .r }}`, { re, s: '-ab-axxb-', r: repl });
      assert.equal(r('T'), '-T-T-');
      assert.equal(r('$1'), '-$1-$1-');
      assert.equal(r('${1}'), '-${1}-${1}-');
    }
  });

  it('replaces as Go regexp replaceTests say (empty matches, anchors, expansion)', () => {
    const cases: Array<[string, string, string, string]> = [
      ['', '', '', ''],
      ['', 'x', '', 'x'],
      ['b', '', '', ''],
      ['b', 'x', '', ''],
      ['', '', 'abc', 'abc'],
      ['', 'x', 'abc', 'xaxbxcx'],
      ['b', '', 'abc', 'ac'],
      ['b', 'x', 'abc', 'axc'],
      ['y', 'x', 'abc', 'abc'],
      ['[a-c]*', 'x', '\u65e5', 'x\u65e5x'],
      ['[^\u65e5]', 'x', 'abc\u65e5def', 'xxx\u65e5xxx'],
      ['^[a-c]*', 'x', 'abcdabc', 'xdabc'],
      ['[a-c]*$', 'x', 'abcdabc', 'abcdx'],
      ['^[a-c]*$', 'x', 'abcdabc', 'abcdabc'],
      ['^[a-c]*', 'x', 'dabce', 'xdabce'],
      ['[a-c]*$', 'x', 'dabce', 'dabcex'],
      ['^[a-c]+', 'x', 'dabce', 'dabce'],
      ['abc', 'def', 'abcdefg', 'defdefg'],
      ['bc', 'BC', 'abcbcdcdedef', 'aBCBCdcdedef'],
      ['abc', '', 'abcdabc', 'd'],
      ['x', 'xXx', 'xxxXxxx', 'xXxxXxxXxXxXxxXxxXx'],
      ['.+', 'x', 'abc', 'x'],
      ['[a-c]*', 'x', 'def', 'xdxexfx'],
      ['[a-c]+', 'x', 'abcbcdcdedef', 'xdxdedef'],
      ['[a-c]*', 'x', 'abcbcdcdedef', 'xdxdxexdxexfx'],
      ['a+', '($0)', 'banana', 'b(a)n(a)n(a)'],
      ['a+', '(${0})', 'banana', 'b(a)n(a)n(a)'],
      ['a+', '(${0})$0', 'banana', 'b(a)an(a)an(a)a'],
      ['hello, (.+)', 'goodbye, ${1}', 'hello, world', 'goodbye, world'],
      ['hello, (.+)', 'goodbye, $1x', 'hello, world', 'goodbye, '],
      ['hello, (.+)', 'goodbye, ${1}x', 'hello, world', 'goodbye, worldx'],
      ['hello, (.+)', '<$0><$1><$2><$3>', 'hello, world', '<hello, world><world><><>'],
      ['hello, (?P<noun>.+)', 'goodbye, $noun!', 'hello, world', 'goodbye, world!'],
      ['hello, (?P<noun>.+)', 'goodbye, ${noun}', 'hello, world', 'goodbye, world'],
      ['a+', '${oops', 'aaa', '${oops'],
      ['a+', '$$', 'aaa', '$'],
      ['a+', '$', 'aaa', '$'],
      ['(x)?', '$1', '123', '123'],
      ['abc', '$1', '123', '123'],
      ['(a)(b){0}(c)', '.$1|$3.', 'xacxacx', 'x.a|c.x.a|c.x'],
      ['(a)(b){0}(c)', '.$2|$3.', 'xacxacx', 'x.|c.x.|c.x'],
    ];
    for (const [re, repl, s, want] of cases) {
      assert.equal(render('{{ regexReplaceAll .re .s .r }}', { re, s, r: repl }), want, `${re} / ${repl} / ${s}`);
    }
  });

  it('splits as Go regexp splitTests say', () => {
    const cases: Array<[string, string, number, string[]]> = [
      ['foo:and:bar', ':', -1, ['foo', 'and', 'bar']],
      ['foo:and:bar', ':', 1, ['foo:and:bar']],
      ['foo:and:bar', ':', 2, ['foo', 'and:bar']],
      ['foo:and:bar', 'foo', -1, ['', ':and:bar']],
      ['foo:and:bar', 'bar', -1, ['foo:and:', '']],
      ['foo:and:bar', 'baz', -1, ['foo:and:bar']],
      ['baabaab', 'a', -1, ['b', '', 'b', '', 'b']],
      ['baabaab', 'a*', -1, ['b', 'b', 'b']],
      ['baabaab', 'ba*', -1, ['', '', '', '']],
      ['foobar', 'f*b*', -1, ['', 'o', 'o', 'a', 'r']],
      ['foobar', 'f+.*b+', -1, ['', 'ar']],
      ['foobooboar', 'o{2}', -1, ['f', 'b', 'boar']],
      ['a,b,c,d,e,f', ',', 3, ['a', 'b', 'c,d,e,f']],
      ['a,b,c,d,e,f', ',', 0, []],
      [',', ',', -1, ['', '']],
      [',,,', ',', -1, ['', '', '', '']],
      ['', ',', -1, ['']],
      ['', '.*', -1, ['']],
      ['', '.+', -1, ['']],
      ['', '', -1, []],
      ['foobar', '', -1, ['f', 'o', 'o', 'b', 'a', 'r']],
      ['abaabaccadaaae', 'a*', 5, ['', 'b', 'b', 'c', 'cadaaae']],
      [':x:y:z:', ':', -1, ['', 'x', 'y', 'z', '']],
    ];
    for (const [s, re, n, want] of cases) {
      assert.equal(render(`{{ regexSplit .re .s ${n} | toJson }}`, { re, s }), JSON.stringify(want), `${s} / ${re} / ${n}`);
    }
    // sprig's own counts
    assert.equal(render('{{ regexSplit "a" "banana" -1 | len }}'), '4');
    assert.equal(render('{{ regexSplit "z+" "pizza" 2 | len }}'), '2');
  });

  it('regexQuoteMeta', () => {
    assert.equal(render('{{ regexQuoteMeta "1.2.3" }}'), '1\\.2\\.3');
    assert.equal(render('{{ regexQuoteMeta "pretzel" }}'), 'pretzel');
    assert.equal(render('{{ regexQuoteMeta "[a](b){c}^$|*+?\\\\" }}'), '\\[a\\]\\(b\\)\\{c\\}\\^\\$\\|\\*\\+\\?\\\\');
  });
});

describe('helm functions: sprig numeric conversions (numeric_test.go)', () => {
  it('float64, int64 and int convert as spf13/cast does', () => {
    for (const v of [102n, '102', 102]) {
      assert.equal(render('{{ float64 .v }}', { v }), '102');
      assert.equal(render('{{ int64 .v }}', { v }), '102');
      assert.equal(render('{{ int .v }}', { v }), '102');
    }
    assert.equal(render('{{ float64 "frankie" }}'), '0');
    assert.equal(render('{{ int64 "frankie" }}'), '0');
    assert.equal(render('{{ float64 .v }}', { v: 102.1234 }), '102.1234');
    assert.equal(render('{{ int .v }}', { v: 102.1234 }), '102');
    assert.equal(render('{{ float64 true }}'), '1');
    assert.equal(render('{{ int true }}'), '1');
    assert.equal(render('{{ int "12.0" }}'), '12');
    assert.equal(render('{{ int "12.5" }}'), '0');
    assert.equal(render('{{ int "0x1F" }}'), '31');
    assert.equal(render('{{ int "010" }}'), '8');
    assert.equal(render('{{ int .v }}', { v: null }), '0');
  });

  it('toDecimal reads octal (TestToDecimal)', () => {
    const cases: Array<[unknown, string]> = [['777', '511'], [777n, '511'], [770n, '504'], [755n, '493'], ['8', '0']];
    for (const [v, want] of cases) assert.equal(render('{{ toDecimal .v }}', { v }), want);
  });

  it('ceil, floor and round (TestCeil, TestFloor, TestRound)', () => {
    assert.equal(render('{{ ceil 123 }}'), '123');
    assert.equal(render('{{ ceil "123.01" }}'), '124');
    assert.equal(render('{{ floor 123.9999 }}'), '123');
    assert.equal(render('{{ floor "123.9999" }}'), '123');
    assert.equal(render('{{ round 123.5555 3 }}'), '123.556');
    assert.equal(render('{{ round "123.55555" 3 }}'), '123.556');
    assert.equal(render('{{ round 123.500001 0 }}'), '124');
    assert.equal(render('{{ round 123.49999999 0 }}'), '123');
    assert.equal(render('{{ round 123.2329999 2 .3 }}'), '123.23');
    assert.equal(render('{{ round 123.233 2 .3 }}'), '123.24');
  });

  it('randInt stays in [min, max) (TestRandomInt)', () => {
    for (const [min, max] of [[10, 11], [10, 13], [0, 1], [5, 50]]) {
      for (let i = 0; i < 5; i++) {
        const r = Number(render(`{{ randInt ${min} ${max} }}`, {}, { random: undefined }));
        assert.ok(r >= min && r < max, `${r} in [${min}, ${max})`);
      }
    }
    assert.match(renderTemplate('{{ randInt 5 5 }}').error ?? '', /invalid argument to Intn/);
  });

  it('integer maths wraps and panics as Go does', () => {
    assert.equal(render('{{ add 9223372036854775807 1 }}'), '-9223372036854775808');
    assert.match(renderTemplate('{{ div 1 0 }}').error ?? '', /error calling div: runtime error: integer divide by zero/);
    assert.match(renderTemplate('{{ mod 1 0 }}').error ?? '', /error calling mod: runtime error: integer divide by zero/);
    assert.equal(render('{{ div 7 2 }} {{ div -7 2 }} {{ mod -7 2 }}'), '3 -3 -1');
    assert.equal(render('{{ add1 .v }}', { v: 2.9 }), '3');
    assert.equal(render('{{ addf 0.1 0.2 }}'), '0.3');
    assert.equal(render('{{ divf 1 3 }}'), '0.3333333333333333');
    assert.equal(render('{{ divf 2 3 }}'), '0.6666666666666667');
    assert.match(renderTemplate('{{ divf 1 0 }}').error ?? '', /decimal division by 0/);
    assert.equal(render('{{ maxf 1 .nan }}', { nan: Number.NaN }), 'NaN');
  });
});

describe('helm functions: sprig urlParse / urlJoin (url_test.go)', () => {
  const urlTests: Record<string, Record<string, string>> = {
    'proto://auth@host:80/path?query#fragment': { fragment: 'fragment', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: 'query', scheme: 'proto', userinfo: 'auth' },
    'proto://host:80/path': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: '', scheme: 'proto', userinfo: '' },
    something: { fragment: '', host: '', hostname: '', opaque: '', path: 'something', query: '', scheme: '', userinfo: '' },
    'proto://user:passwor%20d@host:80/path': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/path', query: '', scheme: 'proto', userinfo: 'user:passwor%20d' },
    'proto://host:80/pa%20th?key=val%20ue': { fragment: '', host: 'host:80', hostname: 'host', opaque: '', path: '/pa th', query: 'key=val%20ue', scheme: 'proto', userinfo: '' },
  };

  it('parses URLs into the dict sprig returns, and joins them back', () => {
    for (const [url, want] of Object.entries(urlTests)) {
      assert.equal(render('{{ urlParse .u | toJson }}', { u: url }), JSON.stringify(Object.fromEntries(Object.entries(want).sort())), url);
      assert.equal(render('{{ urlParse .u | urlJoin }}', { u: url }), url, url);
    }
  });

  it('fails on what net/url rejects, with its message', () => {
    assert.match(renderTemplate('{{ urlParse "http://[::1" }}').error ?? '', /unable to parse url: parse "http:\/\/\[::1": missing '\]' in host/);
    assert.match(renderTemplate('{{ urlParse ":foo" }}').error ?? '', /missing protocol scheme/);
    assert.match(renderTemplate('{{ urlParse "http://host:port/" }}').error ?? '', /invalid port ":port" after host/);
    assert.match(renderTemplate('{{ urlJoin (dict "host" 5) }}').error ?? '', /unable to parse host key, must be of type string, but int found/);
  });
});

describe('helm functions: sprig crypto (crypto_test.go)', function () {
  this.timeout(120_000);

  it('bcrypt and htpasswd produce hashes bcrypt verifies ($2a$, cost 10)', () => {
    const hash = render('{{ "abc" | bcrypt }}');
    assert.match(hash, /^\$2a\$10\$/);
    assert.ok(bcryptjs.compareSync('abc', hash));
    const creds: Array<[string, string, boolean]> = [
      ['myUser', 'myPassword', true],
      ["special'o79Cv_*qFe,)<user", 'special<j7+3p#6-.Jx2U:m8G;kGypassword', true],
      ['wrongus:er', "doesn'tmatter", false],
    ];
    for (const [Username, Password, valid] of creds) {
      const out = render('{{ htpasswd .Username .Password }}', { Username, Password });
      if (!valid) {
        assert.equal(out, `invalid username: ${Username}`);
        continue;
      }
      const [user, h] = out.split(/:(.*)/s);
      assert.equal(user, Username);
      assert.ok(bcryptjs.compareSync(Password, h));
    }
  });

  it('genPrivateKey writes the PEM block types Go writes', () => {
    assert.match(render('{{ genPrivateKey "ecdsa" }}'), /^-----BEGIN EC PRIVATE KEY-----\n/);
    assert.match(render('{{ genPrivateKey "ed25519" }}'), /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(render('{{ genPrivateKey "foo" }}'), 'Unknown type foo');
    const rsa = render('{{ genPrivateKey "rsa" }}');
    assert.match(rsa, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.equal(createPrivateKey(rsa).asymmetricKeyDetails?.modulusLength, 4096);
  });

  it('randBytes and uuidv4', () => {
    assert.equal(Buffer.from(render('{{ randBytes 12 }}'), 'base64').length, 12);
    assert.match(render('{{ uuidv4 }}'), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('genCA and genCAWithKey make CA certificates with the common name', () => {
    for (const expr of ['genCA', 'genPrivateKey "ecdsa" | genCAWithKey', 'genPrivateKey "ed25519" | genCAWithKey']) {
      const out = render(`{{- $ca := ${expr} "foo-ca" 365 }}\n{{ $ca.Cert }}\n`);
      assert.match(out, /-----BEGIN CERTIFICATE-----/);
      const cert = new X509Certificate(out.trim());
      assert.equal(cert.subject, 'CN=foo-ca');
      assert.equal(cert.ca, true, expr);
      assert.ok(cert.verify(cert.publicKey), 'self-signed');
    }
  });

  it('genSelfSignedCert and genSignedCert(WithKey) carry the IPs and DNS names and chain to the CA', () => {
    for (const [caExpr, certExpr] of [['genCA', 'genSignedCert'], ['genPrivateKey "ecdsa" | genCAWithKey', 'genPrivateKey "ed25519" | genSignedCertWithKey']]) {
      const out = render(`{{- $ca := ${caExpr} "foo" 365 }}{{- $cert := ${certExpr} "foo.com" (list "10.0.0.1" "10.0.0.2") (list "bar.com" "bat.com") 365 $ca }}{{ $ca.Cert }}|{{ $cert.Cert }}`);
      const [caPem, certPem] = out.split('|');
      const ca = new X509Certificate(caPem);
      const cert = new X509Certificate(certPem);
      assert.equal(cert.subject, 'CN=foo.com');
      assert.equal(cert.issuer, 'CN=foo');
      assert.equal(cert.ca, false);
      assert.equal(cert.subjectAltName, 'DNS:bar.com, DNS:bat.com, IP Address:10.0.0.1, IP Address:10.0.0.2');
      assert.ok(cert.verify(ca.publicKey), 'signed by the CA');
      assert.ok(cert.checkIssued(ca));
    }
    const self = new X509Certificate(render('{{ (genSelfSignedCert "foo.com" (list "::1") nil 10).Cert }}'));
    assert.equal(self.subjectAltName, 'IP Address:0:0:0:0:0:0:0:1');
    assert.match(renderTemplate('{{ genSelfSignedCert "x" (list "not-an-ip") nil 1 }}').error ?? '', /error parsing ip: not-an-ip/);
  });

  it('buildCustomCert returns the certificate it was given, and fails on garbage', () => {
    const ca = renderTemplate('{{ $ca := genCA "example.com" 365 }}{{ $ca.Cert | b64enc }} {{ $ca.Key | b64enc }}').output!.split(' ');
    const cert = Buffer.from(ca[0], 'base64').toString();
    assert.equal(render(`{{ $c := buildCustomCert "${ca[0]}" "${ca[1]}" }}{{ $c.Cert }}`), cert);
    assert.match(renderTemplate(`{{ buildCustomCert "${Buffer.from('fail').toString('base64')}" "${ca[1]}" }}`).error ?? '', /unable to decode certificate/);
  });

  it('encryptAES / decryptAES round trip', () => {
    assert.equal(render('{{ "plaintext" | encryptAES "secretkey" | decryptAES "secretkey" }}'), 'plaintext');
    assert.equal(render('{{ "" | encryptAES "k" }}'), '');
  });
});

describe('helm functions: sprig strings with random output (strings_test.go)', () => {
  it('randAlphaNum, randAlpha, randNumeric, randAscii draw from their alphabets', () => {
    const cases: Array<[string, RegExp]> = [['randAlphaNum', /^[A-Za-z0-9]{32}$/], ['randAlpha', /^[A-Za-z]{32}$/], ['randNumeric', /^[0-9]{32}$/], ['randAscii', /^[ -~]{32}$/]];
    for (const [fn, re] of cases) assert.match(render(`{{ ${fn} 32 }}`), re);
  });

  it('shuffle keeps the characters', () => {
    const out = render('{{ shuffle "Hello World" }}');
    assert.equal([...out].sort().join(''), [...'Hello World'].sort().join(''));
  });
});
