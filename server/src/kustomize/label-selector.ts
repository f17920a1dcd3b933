/**
 * Kubernetes label selector strings (`app=web,tier in (a,b),!canary`), as apimachinery's
 * labels.Parse reads them: used by patch `target` labelSelector and annotationSelector.
 */

type Operator = 'exists' | 'notexists' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export type LabelSelector = Requirement[];

const SPECIAL = new Set([',', '=', '!', '(', ')', '<', '>', ' ', '\t', '\n', '\r']);

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (c === '=' && text[i + 1] === '=') { tokens.push('=='); i += 2; continue; }
    if (c === '!' && text[i + 1] === '=') { tokens.push('!='); i += 2; continue; }
    if (SPECIAL.has(c)) { tokens.push(c); i++; continue; }
    let j = i;
    while (j < text.length && !SPECIAL.has(text[j])) j++;
    tokens.push(text.slice(i, j));
    i = j;
  }
  return tokens;
}

const isWord = (t: string | undefined): boolean => t !== undefined && !SPECIAL.has(t) && t !== '==' && t !== '!=';

/** Parses a selector; throws an Error with apimachinery-like wording on bad input. */
export function parseLabelSelector(text: string): LabelSelector {
  const tokens = tokenize(text);
  const out: Requirement[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] === '!') {
      const key = tokens[i + 1];
      if (!isWord(key)) throw new Error(`unable to parse requirement: found '${key ?? ''}', expected: identifier`);
      out.push({ key, op: 'notexists', values: [] });
      i += 2;
    } else {
      const key = tokens[i];
      if (!isWord(key)) throw new Error(`unable to parse requirement: found '${key}', expected: !, identifier, or 'end of string'`);
      i++;
      const op = tokens[i];
      if (op === undefined || op === ',') {
        out.push({ key, op: 'exists', values: [] });
      } else if (op === '=' || op === '==' || op === '!=') {
        i++;
        let value = '';
        if (isWord(tokens[i])) value = tokens[i++];
        out.push({ key, op: op === '!=' ? 'notin' : 'in', values: [value] });
      } else if (op === 'in' || op === 'notin') {
        i++;
        if (tokens[i] !== '(') throw new Error(`found '${tokens[i] ?? ''}', expected: '('`);
        i++;
        const values: string[] = [];
        while (i < tokens.length && tokens[i] !== ')') {
          if (tokens[i] === ',') { i++; continue; }
          if (!isWord(tokens[i])) throw new Error(`found '${tokens[i]}', expected: ',', ')' or identifier`);
          values.push(tokens[i++]);
        }
        if (tokens[i] !== ')') throw new Error("found 'end of string', expected: ')'");
        i++;
        out.push({ key, op, values });
      } else if (op === '>' || op === '<') {
        i++;
        const value = tokens[i];
        if (!isWord(value) || !/^-?\d+$/.test(value)) throw new Error("for 'Gt', 'Lt' operators, the value must be an integer");
        i++;
        out.push({ key, op: op === '>' ? 'gt' : 'lt', values: [value] });
      } else {
        throw new Error(`found '${op}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    }
    if (i < tokens.length) {
      if (tokens[i] !== ',') throw new Error(`found '${tokens[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return out;
}

export function selectorMatches(selector: LabelSelector, labels: Map<string, string>): boolean {
  for (const r of selector) {
    const has = labels.has(r.key);
    const value = labels.get(r.key) ?? '';
    switch (r.op) {
      case 'exists': if (!has) return false; break;
      case 'notexists': if (has) return false; break;
      case 'in': if (!has || !r.values.includes(value)) return false; break;
      case 'notin': if (has && r.values.includes(value)) return false; break;
      case 'gt': if (!has || !/^-?\d+$/.test(value) || Number(value) <= Number(r.values[0])) return false; break;
      case 'lt': if (!has || !/^-?\d+$/.test(value) || Number(value) >= Number(r.values[0])) return false; break;
    }
  }
  return true;
}
