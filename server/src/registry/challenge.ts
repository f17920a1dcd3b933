/**
 * WWW-Authenticate parsing (RFC 7235): several challenges in one header or several headers,
 * quoted or bare parameter values, token68 forms, scheme names case-insensitive.
 */

export interface Challenge {
  /** Lowercase scheme: "bearer", "basic", … */
  scheme: string;
  /** Parameter names lowercase. */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;

export function parseChallenges(headers: string | string[] | undefined): Challenge[] {
  if (headers === undefined) return [];
  const list = Array.isArray(headers) ? headers : [headers];
  const out: Challenge[] = [];
  for (const h of list) out.push(...parseOne(h));
  return out;
}

function parseOne(input: string): Challenge[] {
  const out: Challenge[] = [];
  let i = 0;
  const n = input.length;
  const skipWs = (): void => {
    while (i < n && (input[i] === ' ' || input[i] === '\t')) i++;
  };
  const readToken = (): string | undefined => {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(input);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const readQuoted = (): string => {
    // at opening quote
    i++;
    let value = '';
    while (i < n && input[i] !== '"') {
      if (input[i] === '\\' && i + 1 < n) i++;
      value += input[i++];
    }
    i++; // closing quote (or end)
    return value;
  };
  let current: Challenge | undefined;
  while (i < n) {
    skipWs();
    while (i < n && input[i] === ',') {
      i++;
      skipWs();
    }
    if (i >= n) break;
    const tok = readToken();
    if (!tok) {
      i++; // junk character: skip it rather than loop forever
      continue;
    }
    skipWs();
    if (input[i] === '=' && current) {
      // An auth-param of the current challenge.
      i++;
      skipWs();
      let value: string;
      if (input[i] === '"') value = readQuoted();
      else {
        const vStart = i;
        while (i < n && input[i] !== ',' && input[i] !== ' ' && input[i] !== '\t') i++;
        value = input.slice(vStart, i);
      }
      current.params[tok.toLowerCase()] = value;
      continue;
    }
    // A new challenge: the token was a scheme.
    current = { scheme: tok.toLowerCase(), params: {} };
    out.push(current);
    // token68 after a scheme (e.g. `Negotiate abc==`): keep it under "token68".
    skipWs();
    const t68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(input.slice(i));
    if (t68 && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*=[^=]/.test(input.slice(i))) {
      current.params.token68 = t68[0];
      i += t68[0].length;
    }
  }
  return out;
}

/** The scope a Bearer challenge hints at (may differ from the one we ask for). */
export function bearerOf(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
}

export function basicOf(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'basic');
}
