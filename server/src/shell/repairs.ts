/**
 * Bash accepts some scripts that tree-sitter-bash (0.25) rejects. A script whose first parse has
 * errors is parsed a second time from a same-length rewrite that spells those constructs in a way
 * the grammar reads, with the same meaning for archlens (which commands run, with which words);
 * offsets never move. Found by parsing every shell script of the corpora and checking each syntax
 * error against `bash -n`:
 * - an assignment-only command with a redirection (`A+=" b" 2>/dev/null && …`, libtool's probe):
 *   the grammar then wants a command name and swallows the `&&`; the redirection is blanked;
 * - a backtick substitution that starts with a blank after an earlier one (`` a=`x`; b=` y` ``):
 *   the blanks move behind the body;
 * - extended globs (`!(*.yaml)`, `@(a|b)`) in a script that turns them on (`shopt -s extglob`,
 *   which bash needs before it reads the line): the pattern's parentheses and bars become `_`.
 * - a line continuation on the last line (`… \\` then the end of the file: loki's
 *   tools/release_update_tags.sh): bash drops the backslash and newline and the command ends there;
 *   the grammar wants another line. The backslash is blanked.
 * - a `$` that starts no expansion, unquoted or in a command substitution (`sed -e s/$/x/`,
 *   `$(grep -v "x$")`): bash keeps it as a literal `$`; the grammar wants an expansion after it. It
 *   becomes `_` (the word stays one word; no rule reads a literal `$`).
 * - a here-document whose command is put in the background or ended with `;` on its own line
 *   (`dumb-init bash <<'SCRIPT' &`, actions-runner-controller's entrypoint-dind.sh): the grammar
 *   wants the body right after the delimiter word. The `&` (`;`) is blanked: the same commands run,
 *   with the same words; only whether the shell waits for them changes, which no rule reads.
 * - a comment in backticks between the lines of a continued command (`` `# strip the prefix` \ ``,
 *   kind's images/base entrypoint): bash runs an empty substitution, which expands to nothing; the
 *   grammar reads the comment to the end of the line, backslash included, and loses the
 *   continuation. The whole substitution is blanked.
 * - the read-write redirection `n<>file` (`sed -i … "$CFG" 1<>"$CFG"`, percona-xtradb-cluster-operator's
 *   pxc-entrypoint.sh): bash opens the file for reading and writing; the grammar has no `<>` and
 *   reads an ERROR at one of its characters. The `>` is blanked: `n< file`, a redirection of the same
 *   file, the command's words unchanged.
 * - an arithmetic operand glued to an expansion (`$((0x$hex))`, `$((10#$n))`, `$((x$i))`, kube-ovn's
 *   kubectl-ko): bash expands `$hex` and then reads `0x…` as one number; the grammar reads the
 *   prefix as an ERROR. The prefix is blanked (`$((  $hex))`): no rule reads an arithmetic value.
 * - a shell operator character in the word of a `${X:-word}`-style expansion (`${1:?start|stop}`,
 *   dragonfly's bench_server.sh; `${X:-a;b}`, `${X:+(x)}`): bash reads the word to the closing `}`;
 *   the grammar ends the expansion at the `|` (`&`, `;`, `(`, `)`, `<`, `>`). Those characters become
 *   `_` (outside quotes and nested expansions or substitutions, whose own syntax stays).
 * - a pair of escaped backticks around an expansion inside a `${…}` operand
 *   (`"${launched:+, which runs \`${launched}\`}"`, kserve's hack/verify-image-flag-drift.sh): bash
 *   reads each `\`` as a literal backtick; the grammar loses the expansion's end. Each `\`` becomes
 *   `__` (a literal in a word no rule reads). Not on a line with an unescaped backtick, where `\``
 *   may nest a command substitution.
 * - an arithmetic expansion in a here-document body (`$((i%3))`, `$(( (i % 3) + 1))`: k8ssandra-operator's
 *   scripts/setup-kind-multicluster.sh): bash expands it; in a body the grammar reads `$((` as a
 *   command substitution of a subshell, and `i%3` or `(x) +1` as broken commands. An expansion
 *   closed on its line becomes `${___}` of the same length: a parameter expansion, no command (no
 *   rule reads an arithmetic value, nor the words of a here-document body).
 * - the root folder `/` as the operand of a test operator (`[ ! -w / ]`, `[ -d / ] &&`, netdata's
 *   packaging/docker/run.sh): bash reads the folder; the grammar reads `/` as a division operator and
 *   loses the closing `]`. The `/` becomes `_` (no rule reads a test's operands).
 * - a case item whose option patterns hold a glob and whose command follows the `)` with no blank
 *   (`--only-acceptance-*|-oa)run_all_tests=false;;`, weaviate's test/run.sh): the grammar's scanner
 *   reads extended-glob patterns into the command. Each alternative's leading `-` becomes `_`.
 * - a catch-all `*` case pattern whose command follows the `)` with no blank (`*)printf "%s" x;;`,
 *   neuvector's docker-bench-security functions/helper_lib.sh): the grammar's scanner reads `*)` and
 *   the command as one extended-glob word. The `*` becomes `_` (no rule reads a case pattern).
 * - a here-document with no command (`<<comment` on its own line, its body, then `comment`: a
 *   block comment, airbyte-platform's tools/bin/load_test/load_test_airbyte.sh): bash runs no
 *   command, only the redirection; the grammar wants a command name. The whole here-document,
 *   opener to closing line, is blanked: it runs nothing either way.
 * - a shift inside an arithmetic expansion nested in another (`$((c & $((1 << $1))))`, k0s's
 *   docker-entrypoint.sh): bash expands the inner one to a number first; the grammar reads its `<<`
 *   as a here-document and loses the rest of the script. The inner `$` is blanked: `((1 << $1))`
 *   is a parenthesized operand of the same value (no rule reads an arithmetic value anyway).
 * - a `}` in the regular expression of a `[[ ... =~ ... ]]` test (`=~ \$\{(\w+)(:-([^}]*))?\}`,
 *   jenkinsci/docker's jenkins-support): bash reads the regex operand to the next blank; the grammar
 *   reads the `}` as closing a group and loses the test. It becomes `_` (no rule reads a regex); a
 *   `}` closing a `${...}` of the regex stays.
 * - a blank in a double-quoted part glued after unquoted text of a `[[ ... =~ ... ]]` regex
 *   (`=~ .*"$V [$B] (commit #$H)".*`, algorand/go-algorand's scripts/release/test/util/smoke_test.sh):
 *   bash reads the quoted part as literal text of the one operand; the grammar ends the operand at
 *   the blank. Those blanks become `_` (no rule reads a regex).
 * - a quoted or escaped string-order operator in a single-bracket test (`[ "$a" '<' "$b" ]`,
 *   `[ a \< b ]`: discourse_docker's launcher): bash compares the strings; the grammar reads the
 *   operator as a redirection and loses the test. A quoted `'<'` becomes `-lt` (`'>'`: `-gt`), an
 *   escaped `\<` becomes `-a`: still a test of the same operands, not an equality that a guard could
 *   take for an architecture check (no rule reads a test's operands).
 * - an escaped parenthesis grouping the operands of a single-bracket test
 *   (`[ "$V" = '8' -a \( "$D" = 'rhel' -o "$D" = 'oraclelinux' \) ]`, postgrespro/pg_probackup's
 *   packaging/test/scripts/rpm.sh): bash passes `(` and `)` to `[` as grouping words; the grammar
 *   reads `\(` as a stray word and loses the test. The backslash is blanked: ` (`, a group the
 *   grammar reads, of the same operands.
 * - a `for` whose `in` list starts on a later line (`for VAR` then `in a b` on the next line:
 *   discourse_docker's discourse-doctor): bash allows newlines before `in`; the grammar does not.
 *   Those newlines become blanks (offsets stay; the words keep their places).
 * - a parameter expansion whose name goes on with a dot (`"${docker.hadoop.image}"`,
 *   `${docker.ozone-runner.version}`: a Maven-filtered template, apache/ozone's compose testlib.sh):
 *   bash reads it and fails only if it runs unfiltered ("bad substitution"); the grammar ends the
 *   name at the `.` and reports an ERROR. The name's `.` and `-` become `_`: still one expansion.
 * - an empty backtick substitution (a bare `` `` `` line, opencurve/curve's util/docker.sh): bash
 *   runs nothing and the word expands to nothing; the grammar wants a command inside. Both
 *   backticks are blanked. Only where a word starts and ends there, with an even number of
 *   backticks before it on the line (so not the `` `a``b` `` of two adjacent substitutions).
 * - a lone `=` as the operator of a `[[ x = pattern ]]` test whose pattern is a glob or a word
 *   glued to a quoted part (`[[ $arg = *"'" ]]`, `[[ $arg = *"'"* && ... ]]`, pixie's
 *   scripts/run_docker.sh): bash reads `=` as `==` there; the grammar loses the test at the pattern
 *   and reads `==` fine. `= ` becomes `==` (the operand after it unchanged).
 * - digits or letters glued after an expansion in arithmetic (`$((${elapsed}00/60))`, minikube's
 *   hack/jenkins/common.sh): bash expands `${elapsed}` and reads `...00` as one number; the grammar
 *   reads the expansion as an ERROR. The glued suffix is blanked (no rule reads an arithmetic value).
 * - a brace group that is one subshell with no blanks (`f() {(` ... `)}`, rke2's
 *   tests/docker/test-helpers): bash reads `{`, the subshell, `}`; the grammar wants a `;` between
 *   `)` and `}`. Both braces are blanked: `f()  ( ... ) `, a function whose body is the subshell,
 *   the same commands. Blanks may stand between the `)` and the `}` (`) }`, gravitl/netmaker's
 *   scripts/nm-quick.sh). A group of several commands whose last is a subshell, a blank before the
 *   `}` (`|| { echo $r && (exit 1) }`, Apache Kafka's docker/jvm/launch as copied by AutoMQ/automq):
 *   bash needs no `;` there either; the blank before the `}` becomes the `;` the grammar wants, the
 *   group and its commands unchanged.
 * - a connective `-a` or `-o` with no operand after it in a single-bracket test (`[ $n -ne 11 -a ]`,
 *   kubesphere/kubekey's scripts/harbor_keepalived/check_harbor.sh): bash parses it (`[` is a
 *   command; the test itself fails when it runs); the grammar wants an operand and loses the `]`.
 *   The connective is blanked (no rule reads a test's operands).
 * - a single-bracket test with two operands side by side (`if [ ! type rocm-smi ] >/dev/null; then`,
 *   determined-ai/determined's master/static/srv/dispatcher-wrapper.sh; `[ -z $a $b ]`): bash runs
 *   `[` as a command with those words and fails only when it runs; the grammar wants an expression
 *   and loses the `]`. On a line the first parse has an error on, the blanks between adjacent
 *   operands become `_` (`[ ! type_rocm-smi ]`): one operand, a test of the same line (no rule reads
 *   a test's operands). Not where the test holds a command substitution, whose commands would merge.
 * - a command substitution that opens with a subshell and no blank between them
 *   (`out=$((docker run ... | grep -v log) || true)`, m3db/m3's scripts/docker-integration-tests):
 *   bash reads `$((` as arithmetic only when the parenthesis it opens is closed by `))`; here the
 *   inner `)` is followed by ` ||`, so bash reads `$( (...) || true)`. The grammar reads arithmetic
 *   and loses the commands. The subshell's two parentheses are blanked: the same commands with the
 *   same words, only not grouped (no rule reads the grouping).
 * - a `]` in the pattern of a `${X%pattern}`-style expansion (`${helper%]*}`, apache/streampipes's
 *   installer/cli/bin/common; `#`, `##`, `%%`, `/`): bash reads it as a literal `]` (no `[` opened a
 *   bracket expression); the grammar ends the expansion there. It becomes `_` (a backslash before it
 *   too); a `]` closing a `[...]` of the pattern stays. No rule reads a pattern's characters.
 * - subshells nested with no blank between their `(` (`((rm -r tmp/gomod || exit 0); mkdir -p x)`,
 *   mjl-/mox's docker-release.sh): bash reads `((` as arithmetic only when it is closed by `))`, and
 *   otherwise as two subshells; the grammar reads arithmetic. The inner subshell's parentheses are
 *   blanked, as for `$((` above.
 * A here-string after another redirection (`cmd >/dev/null 2>&1 <<<"$x"`) needs no rewrite: the
 * grammar reads it as an error token `<<` before a `<` redirection, which shell.ts accepts as is.
 */
import type { Node } from 'web-tree-sitter';

/**
 * The root and every node below a node that holds a syntax error: where the grammar's mistakes sit
 * (subtrees without one are never entered). Each repair below looks for its pattern there.
 */
function* nodesWhereErrorsAre(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    if (node.hasError) for (const child of node.children) if (child) stack.push(child);
  }
}

/** The same-length rewrite of `text` for a second parse; `text` itself when no repair applies. */
export function repairForGrammar(text: string, root: Node): string {
  const chars = text.split('');
  let changed = false;
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n') { chars[i] = ' '; changed = true; }
  };
  for (const [start, end] of redirectsOfAssignmentOnlyCommands(root)) blank(start, end);
  changed = moveBacktickLeadingBlanks(text, chars) || changed;
  if (EXTGLOB_ON.test(text)) changed = flattenExtglobs(text, chars) || changed;
  changed = replaceLiteralDollars(text, chars) || changed;
  for (const at of heredocLineTerminators(text)) blank(at, at + 1);
  if (text.includes('<<')) for (const [start, end] of commandlessHeredocs(text)) blank(start, end);
  if (text.includes('`')) for (const m of text.matchAll(BACKTICK_COMMENT)) blank(m.index, m.index + m[0].length);
  for (const at of readWriteRedirects(text, root)) blank(at, at + 1);
  for (const [start, end] of arithmeticPrefixes(text, root)) blank(start, end);
  for (const [start, end] of arithmeticSuffixes(text, root)) blank(start, end);
  if (/\)[ \t]*\}/.test(text)) {
    for (const [open, close] of bracedSubshells(text, root)) { blank(open, open + 1); blank(close, close + 1); }
    for (const at of subshellEndedGroups(text, root)) { chars[at] = ';'; changed = true; }
  }
  if (text.includes('$((')) for (const [open, close] of subshellSubstitutions(text, root)) { blank(open, open + 1); blank(close, close + 1); }
  if (text.includes('((')) for (const [open, close] of nestedSubshells(text, root)) { blank(open, open + 1); blank(close, close + 1); }
  if (text.includes('$((') && text.includes('<<')) changed = replaceHeredocArithmetic(text, chars) || changed;
  if (text.includes('$((') && text.includes('<<')) for (const at of nestedArithmeticShifts(text)) blank(at, at + 1);
  if (text.includes('${')) changed = flattenExpansionWords(text, chars) || changed;
  if (text.includes('${') && text.includes(']')) changed = replaceStrayPatternBrackets(text, chars) || changed;
  if (text.includes('\\`')) changed = replaceEscapedBackticksInExpansions(text, chars) || changed;
  if (text.includes('/')) for (const m of text.matchAll(ROOT_TEST_OPERAND)) { chars[m.index] = '_'; changed = true; }
  if (text.includes('|-')) changed = replaceOptionPatternDashes(text, chars) || changed;
  if (text.includes('=~')) changed = replaceRegexBraces(text, chars) || changed;
  if (text.includes('=~')) changed = replaceRegexQuotedBlanks(text, chars) || changed;
  if (text.includes('[[')) for (const m of text.matchAll(EQUALS_TEST)) { chars[m.index + 1] = '='; changed = true; }
  if (text.includes('*)')) for (const m of text.matchAll(GLUED_CATCH_ALL)) { chars[m.index] = '_'; changed = true; }
  if (text.includes('[')) for (const m of text.matchAll(DANGLING_CONNECTIVE)) blank(m.index, m.index + 2);
  if (text.includes('[')) for (const m of text.matchAll(TEST_STRING_ORDER)) { changed = true; replaceOrderOperator(chars, m.index, m[0]); }
  if (text.includes('\\(')) for (const m of text.matchAll(TEST_ESCAPED_PAREN)) blank(m.index, m.index + 1);
  if (text.includes('for')) for (const m of text.matchAll(FOR_NEWLINE_IN)) { changed = true; for (let i = m.index; i < m.index + m[0].length; i++) chars[i] = ' '; }
  if (text.includes('${')) for (const m of text.matchAll(DOTTED_PARAMETER)) {
    for (let i = m.index + 2; i < m.index + m[0].length - 1; i++) if (text[i] === '.' || text[i] === '-') { chars[i] = '_'; changed = true; }
  }
  if (text.includes('``')) for (const at of emptyBacktickSubstitutions(text)) blank(at, at + 2);
  if (text.includes('[')) for (const at of blanksBetweenTestOperands(text, root)) { chars[at] = '_'; changed = true; }
  const dangling = continuationAtEnd(text);
  if (dangling !== undefined) blank(dangling, dangling + 1);
  return changed ? chars.join('') : text;
}

/** A single-bracket test on one line: `[`, a blank, its words, a blank, `]`, then the command's end or a redirection. */
const SINGLE_BRACKET_TEST = /(?<=^|[ \t;&|(!])\[[ \t]([^\n\]]*?)[ \t]\](?=[ \t;&|)<>]|$)/gm;
/** A test word: quoted strings, escapes and plain characters up to a blank. */
const TEST_WORD = /(?:"(?:[^"\\]|\\.)*"|'[^']*'|\\.|[^\s"'\\])+/g;
/** What `[` reads as an operator rather than an operand: `!`, `=`, `-eq`, `-f`, `\(`... */
const TEST_OPERATOR = /^(?:!|==?|!=|[<>]|\\[<>()]|-[A-Za-z]{1,2})$/;

/** Offsets of the blanks between two adjacent operands of a single-bracket test, on lines with a syntax error. */
function blanksBetweenTestOperands(text: string, root: Node): number[] {
  const errorLines = new Set<number>();
  for (const node of nodesWhereErrorsAre(root)) {
    if (node.type === 'ERROR' || node.isMissing) errorLines.add(node.startPosition.row);
  }
  if (errorLines.size === 0) return [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const found: number[] = [];
  for (const row of errorLines) {
    const from = lineStarts[row] ?? text.length;
    const line = text.slice(from, lineStarts[row + 1] ?? text.length);
    for (const m of line.matchAll(SINGLE_BRACKET_TEST)) {
      if (m[1].includes('$(') || m[1].includes('`')) continue;
      const bodyAt = from + m.index + 2;
      const words = [...m[1].matchAll(TEST_WORD)];
      for (let i = 1; i < words.length; i++) {
        if (TEST_OPERATOR.test(words[i - 1][0]) || TEST_OPERATOR.test(words[i][0])) continue;
        for (let at = words[i - 1].index + words[i - 1][0].length; at < words[i].index; at++) found.push(bodyAt + at);
      }
    }
  }
  return found;
}

/** `${name.more}`: a name followed at once by a `.`, which bash never reads as an expansion operator. */
const DOTTED_PARAMETER = /\$\{[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z0-9_.-]*\}/g;

/** Offsets of `` `` `` that open an empty substitution: a word of its own, after an even number of backticks on its line. */
function emptyBacktickSubstitutions(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(?<=^|[ \t;&|(="])``(?=[ \t;&|)"]|$)/gm)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const before = text.slice(lineStart, m.index).replace(/\\`/g, '');
    if ((before.split('`').length - 1) % 2 === 0) out.push(m.index);
  }
  return out;
}

/**
 * `'<'`, `">"`, `\<`... as a word of its own between `[ ` and ` ]` on one line: only a test's
 * string-order operator has that shape (a redirection is never quoted).
 */
const TEST_STRING_ORDER = /(?<=(?:^|[ \t;&|(!])\[[ \t][^\n\]]*[ \t])(?:'[<>]'|"[<>]"|\\[<>])(?=[ \t][^\n[]*[ \t]\](?:[ \t;&|)]|$))/gm;

/**
 * `\(` or `\)` as a word of its own between `[ ` and ` ]` on one line: the grouping words of `[`
 * (not `[[`, which groups with bare parentheses).
 */
const TEST_ESCAPED_PAREN = /(?<=(?:^|[ \t;&|(!])\[[ \t](?:[^\n\]]*[ \t])?)\\[()](?=[ \t](?:[^\n[]*[ \t])?\](?:[ \t;&|)]|$))/gm;

/** `-a` or `-o` right before the `]` of a single-bracket test that opened on the same line. */
const DANGLING_CONNECTIVE = /(?<=(?:^|[ \t;&|(!])\[[ \t][^\n\]]*[ \t])-[ao](?=[ \t]+\](?:[ \t;&|)]|$))/gm;

function replaceOrderOperator(chars: string[], at: number, operator: string): void {
  const less = operator.includes('<');
  const spelled = operator.length === 3 ? (less ? '-lt' : '-gt') : '-a';
  for (let i = 0; i < spelled.length; i++) chars[at + i] = spelled[i];
}

/** The newlines (and blanks) between `for NAME` and its `in` on a later line. */
const FOR_NEWLINE_IN = /(?<=(?:^|[;&|({][ \t]*|\bdo[ \t]+|\bthen[ \t]+)[ \t]*for[ \t]+[A-Za-z_][A-Za-z0-9_]*)[ \t]*\n[ \t\n]*(?=in[ \t])/gm;

/**
 * A lone `/` after a unary test operator (`-d`, `-w`, ...), followed by the end of the test (`]`,
 * `]]`) or a connective of `[` (`-a`, `-o`): only a test has that shape.
 */
const ROOT_TEST_OPERAND = /(?<=(?:^|[ \t;&|(![])-[A-Za-z][ \t]+)\/(?=[ \t]+(?:\]\]?|-[ao])(?:[ \t;&|)]|$))/gm;

/**
 * A case alternative that is a lone `*`, its command glued to the `)`: `in *)cmd`, `;; *)cmd`,
 * `a|*)cmd`, or `*)cmd` / `(*)cmd` starting a line. Only those places, so that a `*)` inside a
 * quoted word is left alone.
 */
const GLUED_CATCH_ALL = /(?<=(?:^|\bin[ \t]|;;|;&|\|)[ \t]*\(?)\*\)(?=[^\s;)])/gm;

/**
 * A case item of option patterns, one of them a glob, its command glued to the `)`
 * (`--only-acceptance-*|-oa)run_all_tests=false;;`): weaviate's test/run.sh. The line starts with
 * the pattern list; at least two alternatives, one of them starting with `-`.
 */
const OPTION_CASE_ITEM = /^[ \t]*\(?((?:[^\s()|;&'"`$\\]+\|)+[^\s()|;&'"`$\\]+)\)(?=[^\s;)])/gm;

/**
 * The grammar's external scanner reads such a list as extended-glob patterns running into the
 * command and reports an ERROR; bash reads the patterns and then the command. Each alternative's
 * leading `-` becomes `_`: the patterns stay words of the same length (no rule reads an option
 * pattern), and the scanner no longer takes them for a glob.
 */
function replaceOptionPatternDashes(text: string, chars: string[]): boolean {
  let changed = false;
  for (const m of text.matchAll(OPTION_CASE_ITEM)) {
    const list = m[1];
    if (!/(?:^|\|)-/.test(list) || !/[*?[]/.test(list)) continue;
    let at = m.index + m[0].indexOf(list);
    for (const alternative of list.split('|')) {
      if (alternative.startsWith('-')) { chars[at] = '_'; changed = true; }
      at += alternative.length + 1;
    }
  }
  return changed;
}

/** A line that is only a here-document opener (`<<comment`, `<<-'EOF'`): no command before it. */
const COMMANDLESS_HEREDOC = /^[ \t]*<<(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2[ \t]*$/gm;

/** Spans of the here-documents without a command, opener to closing line; unclosed ones are left. */
function commandlessHeredocs(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(COMMANDLESS_HEREDOC)) {
    const [, dash, , word] = m;
    let at = text.indexOf('\n', m.index);
    while (at !== -1) {
      const next = text.indexOf('\n', at + 1);
      const line = text.slice(at + 1, next === -1 ? text.length : next);
      if ((dash ? line.replace(/^\t+/, '') : line) === word) {
        spans.push([m.index, next === -1 ? text.length : next]);
        break;
      }
      at = next;
    }
  }
  return spans;
}

/** `` `# a comment` ``: a backtick substitution holding only a comment, on one line. */
const BACKTICK_COMMENT = /`[ \t]*#[^`\n]*`/g;

/**
 * A line that starts a here-document (`<<WORD`, `<<-'WORD'`, `<< "WORD"`) and ends with a lone `&`
 * or `;` (blanks or a comment after it; never `&&`, `;;`, `>&`, `|&`).
 */
const HEREDOC_LINE_END = /<<-?[ \t]*(["']?)[A-Za-z_][\w.-]*\1[^\n]*?[^&;>|](?<op>[&;])[ \t]*(?:#[^\n]*)?$/dgm;

/** Offsets of the `&`/`;` that end here-document lines. */
function heredocLineTerminators(text: string): number[] {
  if (!text.includes('<<')) return [];
  const found: number[] = [];
  HEREDOC_LINE_END.lastIndex = 0;
  for (let m = HEREDOC_LINE_END.exec(text); m; m = HEREDOC_LINE_END.exec(text)) {
    found.push(m.indices!.groups!.op[0]);
  }
  return found;
}

/**
 * The offset of a backslash that continues the last line into the end of the text (only blanks and
 * line breaks after it), unless it is itself escaped (`\\`: a literal backslash).
 */
function continuationAtEnd(text: string): number | undefined {
  let end = text.length;
  while (end > 0 && /[ \t\r\n]/.test(text[end - 1])) end--;
  if (end === 0 || text[end - 1] !== '\\' || !/^\r?\n/.test(text.slice(end))) return undefined;
  let backslashes = 0;
  while (end - 1 - backslashes >= 0 && text[end - 1 - backslashes] === '\\') backslashes++;
  return backslashes % 2 === 1 ? end - 1 : undefined;
}

/**
 * An escaped character (skipped), `$$` (the shell's PID: an expansion), or a `$` followed by a
 * character no expansion starts with (`$/`, `$)`, `$.`, `$\"`…), which bash reads as a literal `$`.
 */
const LITERAL_DOLLAR = /\\[^]|\$\$|\$(?=[./:%\]},=+)\\`~^])/g;

function replaceLiteralDollars(text: string, chars: string[]): boolean {
  let changed = false;
  LITERAL_DOLLAR.lastIndex = 0;
  for (let m = LITERAL_DOLLAR.exec(text); m; m = LITERAL_DOLLAR.exec(text)) {
    if (m[0] !== '$') continue;
    chars[m.index] = '_';
    changed = true;
  }
  return changed;
}

/** A number, base prefix (`10#`) or name that an expansion completes: `0x`, `16#`, `x`. */
const GLUED_OPERAND = /^[0-9A-Za-z_]+#?$/;

/**
 * Spans of ERROR nodes that are such a prefix, right before a `$`, after an arithmetic opening
 * `((` earlier on the same line (`$((0x$i))`, `(( n = 10#$m ))`).
 */
function arithmeticPrefixes(text: string, root: Node): Array<[number, number]> {
  if (!text.includes('((')) return [];
  const spans: Array<[number, number]> = [];
  for (const node of nodesWhereErrorsAre(root)) {
    if (node.type === 'ERROR' && text[node.endIndex] === '$' && GLUED_OPERAND.test(text.slice(node.startIndex, node.endIndex))) {
      const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
      if (text.slice(lineStart, node.startIndex).includes('((')) spans.push([node.startIndex, node.endIndex]);
    }
  }
  return spans;
}

/** An expansion that the grammar reads as an ERROR when a number or name is glued after it. */
const EXPANSION_ALONE = /^\$(?:\{[^{}]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * Spans of the characters glued after an expansion, on a line with an arithmetic opening `((`
 * before it (`$((${e}00/60))`): the grammar makes the expansion (or, inside a larger expression,
 * the suffix) an ERROR.
 */
function arithmeticSuffixes(text: string, root: Node): Array<[number, number]> {
  if (!text.includes('((')) return [];
  const spans: Array<[number, number]> = [];
  for (const node of nodesWhereErrorsAre(root)) {
    if (node.type === 'ERROR' && EXPANSION_ALONE.test(text.slice(node.startIndex, node.endIndex))) {
      const glued = /^[0-9A-Za-z_]+/.exec(text.slice(node.endIndex));
      const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
      if (glued && text.slice(lineStart, node.startIndex).includes('((')) spans.push([node.endIndex, node.endIndex + glued[0].length]);
    } else if (node.type === 'ERROR' && /^[0-9A-Za-z_]+$/.test(text.slice(node.startIndex, node.endIndex)) && /\$\{[^{}]*\}$/.test(text.slice(0, node.startIndex))) {
      // Inside a larger expression the grammar keeps the expansion and makes the suffix the ERROR.
      const lineStart = text.lastIndexOf('\n', node.startIndex - 1) + 1;
      if (text.slice(lineStart, node.startIndex).includes('((')) spans.push([node.startIndex, node.endIndex]);
    }
  }
  return spans;
}

/**
 * The offsets of the braces of each group `{(` ... `)}` that the grammar closes with a MISSING
 * `;` before its `}`: the group holds one subshell and nothing else. Blanks may follow the `{`
 * (antrea's `function run_codecov { (set -e` ... `)}`) and precede the `}` (netmaker's
 * scripts/nm-quick.sh `) }`): bash needs no `;` after a `)` either way.
 */
function bracedSubshells(text: string, root: Node): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const node of nodesWhereErrorsAre(root)) {
    const body = text.slice(node.startIndex, node.endIndex);
    if (node.type === 'compound_statement' && /^\{\s*\(/.test(body) && /\)[ \t]*\}$/.test(body) && node.children.some((c) => c?.isMissing && c.type === ';')) {
      pairs.push([node.startIndex, node.endIndex - 1]);
    }
  }
  return pairs;
}

/**
 * The offset of the blank before the `}` of each group of several commands whose last is a
 * subshell (`{ echo $r && (exit 1) }`) that the grammar closes with a MISSING `;`: a `;` there is
 * what the grammar wants, and bash reads the same group. Groups that are one subshell are
 * bracedSubshells'; a `)}` with no blank between is left as it is.
 */
function subshellEndedGroups(text: string, root: Node): number[] {
  const at: number[] = [];
  for (const node of nodesWhereErrorsAre(root)) {
    const body = text.slice(node.startIndex, node.endIndex);
    if (node.type === 'compound_statement' && !/^\{\s*\(/.test(body) && /\)[ \t]+\}$/.test(body) && node.children.some((c) => c?.isMissing && c.type === ';')) {
      at.push(node.endIndex - 2);
    }
  }
  return at;
}

/**
 * The offsets of the parentheses of each subshell that opens a command substitution with no blank
 * (`$((cmd) || true)`), for each `$((` the grammar read as an arithmetic expansion with an error in
 * it. Like bash, the parenthesis after `$(` is matched (quotes and escapes skipped): a `)` right
 * after its match makes `$((...))` arithmetic, anything else a subshell.
 */
function subshellSubstitutions(text: string, root: Node): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const node of nodesWhereErrorsAre(root)) {
    if (node.type !== 'arithmetic_expansion' || !text.startsWith('$((', node.startIndex)) continue;
    const open = node.startIndex + 2;
    const close = matchingParenthesis(text, open);
    if (close !== undefined && text[close + 1] !== ')') pairs.push([open, close]);
  }
  return pairs;
}

/**
 * Subshells nested with no blank (`((rm -r tmp/gomod || exit 0); mkdir -p tmp/gomod)`, mjl-/mox's
 * docker-release.sh): `((` is an arithmetic command only when closed by `))`; the grammar reads
 * arithmetic anyway. The inner subshell's parentheses, as for `$((` above.
 */
function nestedSubshells(text: string, root: Node): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const node of nodesWhereErrorsAre(root)) {
    const at = node.startIndex;
    // An ERROR, or an arithmetic command (`compound_statement`) the grammar closed further on.
    if (!text.startsWith('((', at) || text[at - 1] === '$') continue;
    const close = matchingParenthesis(text, at + 1);
    if (close !== undefined && text[close + 1] !== ')') pairs.push([at + 1, close]);
  }
  return pairs;
}

/** The offset of the `)` that closes the `(` at `open`, skipping quoted text and escapes; undefined when none does. */
function matchingParenthesis(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") { i = text.indexOf("'", i + 1); if (i === -1) return undefined; }
    else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (i >= text.length) return undefined;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return undefined;
}

/**
 * `$((expr))` -> `${______}` (same length) in the bodies of here-documents whose delimiter is not
 * quoted (a quoted one expands nothing). The bodies are found in the text: the grammar may lose a
 * body whose arithmetic it misreads. Each expansion must close on its own line (`))` at depth
 * zero), else it is left to the grammar.
 */
function replaceHeredocArithmetic(text: string, chars: string[]): boolean {
  let changed = false;
  for (const [from, to] of unquotedHeredocBodies(text)) {
    for (let at = text.indexOf('$((', from); at !== -1 && at < to; at = text.indexOf('$((', at + 1)) {
      const close = arithmeticEnd(text, at + 3, to);
      if (close === undefined) continue;
      chars[at + 1] = '{';
      for (let i = at + 2; i < close - 1; i++) chars[i] = '_';
      chars[close - 1] = '}';
      changed = true;
      at = close - 1;
    }
  }
  return changed;
}

/** `<<WORD`, `<<-WORD`, `<< "WORD"` (not `<<<`); group 1 the dash, 2 the quote, 3 the word. */
const HEREDOC_START = /(?<!<)<<(-?)[ \t]*(["'\\]?)([A-Za-z_][\w.-]*)\2?(?!<)/g;

/** [start, end) of each unquoted here-document body whose delimiter line is found (a later body may hold a nested one). */
function unquotedHeredocBodies(text: string): Array<[number, number]> {
  const bodies: Array<[number, number]> = [];
  HEREDOC_START.lastIndex = 0;
  for (let m = HEREDOC_START.exec(text); m; m = HEREDOC_START.exec(text)) {
    if (m[2] !== '') continue;
    const lineEnd = text.indexOf('\n', m.index);
    if (lineEnd === -1) break;
    const strip = m[1] === '-' ? /^\t*/ : /^/;
    let at = lineEnd + 1;
    while (at < text.length) {
      let next = text.indexOf('\n', at);
      if (next === -1) next = text.length;
      if (text.slice(at, next).replace(strip, '').replace(/\r$/, '') === m[3]) {
        bodies.push([lineEnd + 1, at]);
        break;
      }
      at = next + 1;
    }
  }
  return bodies;
}

/** Offsets of the `$` of each `$((` holding a `<<` that opens inside another arithmetic expansion on its line. */
function nestedArithmeticShifts(text: string): number[] {
  const found: number[] = [];
  for (let outer = text.indexOf('$(('); outer !== -1; outer = text.indexOf('$((', outer + 1)) {
    const end = arithmeticEnd(text, outer + 3, text.length);
    if (end === undefined) continue;
    for (let at = text.indexOf('$((', outer + 3); at !== -1 && at < end; at = text.indexOf('$((', at + 1)) {
      const innerEnd = arithmeticEnd(text, at + 3, end);
      if (innerEnd !== undefined && text.slice(at + 3, innerEnd).includes('<<')) found.push(at);
    }
  }
  return found;
}

/** The offset after the `))` that closes an arithmetic expansion whose body starts at `from`, on that line; undefined when none. */
function arithmeticEnd(text: string, from: number, limit: number): number | undefined {
  let depth = 0;
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '\n') return undefined;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth > 0) depth--;
      else return text[i + 1] === ')' ? i + 2 : undefined;
    }
  }
  return undefined;
}

/** Offsets of the `>` of each `<>` operator the grammar read as an ERROR (its `<` or its `>`). */
function readWriteRedirects(text: string, root: Node): number[] {
  if (!text.includes('<>')) return [];
  const found: number[] = [];
  for (const node of nodesWhereErrorsAre(root)) {
    if (node.type === 'ERROR') {
      const at = node.startIndex;
      if (text[at] === '>' && text[at - 1] === '<') found.push(at);
      else if (text[at] === '<' && text[at + 1] === '>' && node.endIndex === at + 1) found.push(at + 1);
    }
  }
  return found;
}

/** `shopt -s extglob` (possibly with other options) anywhere in the script. */
const EXTGLOB_ON = /\bshopt\s+(?:-\w+\s+)*-s\s+(?:\w+\s+)*extglob\b/;

/**
 * Redirections of `command` nodes that hold assignments and an ERROR before any command name:
 * what the grammar makes of `A=1 2>/dev/null && next`.
 */
function redirectsOfAssignmentOnlyCommands(root: Node): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'command') {
      const kids = node.children.filter((c): c is Node => c !== null);
      const nameAt = kids.findIndex((c) => c.type === 'command_name');
      const errorAt = kids.findIndex((c) => c.type === 'ERROR');
      const before = kids.slice(0, errorAt === -1 ? 0 : errorAt);
      if (errorAt !== -1 && (nameAt === -1 || nameAt > errorAt) && before.some((c) => c.type === 'variable_assignment')) {
        for (const c of before) if (c.type.endsWith('redirect')) spans.push([c.startIndex, c.endIndex]);
      }
    }
    for (const child of node.children) if (child) stack.push(child);
  }
  return spans;
}

/**
 * `` ` body` `` → `` `body ` ``: moves the blanks that open a backtick substitution behind its body.
 * A light scanner: single quotes (outside double quotes) and comments are skipped, `\`` is not a
 * delimiter.
 */
function moveBacktickLeadingBlanks(text: string, chars: string[]): boolean {
  let changed = false;
  let inSingle = false;
  let inDouble = false;
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inSingle) { if (c === "'") inSingle = false; continue; }
    if (c === '\\') { i++; continue; }
    if (c === "'" && !inDouble && open === -1) { inSingle = true; continue; }
    if (c === '"' && open === -1) { inDouble = !inDouble; continue; }
    if (c === '#' && !inDouble && open === -1 && (i === 0 || /\s/.test(text[i - 1]))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (c !== '`') continue;
    if (open === -1) { open = i; continue; }
    let lead = open + 1;
    while (lead < i && (text[lead] === ' ' || text[lead] === '\t')) lead++;
    const blanks = lead - (open + 1);
    if (blanks > 0 && lead < i && !text.slice(lead, i).includes('\n')) {
      const body = text.slice(lead, i);
      for (let k = 0; k < body.length; k++) chars[open + 1 + k] = body[k];
      for (let k = 0; k < blanks; k++) chars[open + 1 + body.length + k] = ' ';
      changed = true;
    }
    open = -1;
  }
  return changed;
}

const EXTGLOB = /[!@+?*]\(([^()\n'"`$]*)\)/g;

/** `!(a|b)` → `!_a_b_`: one word the grammar reads, same length. */
function flattenExtglobs(text: string, chars: string[]): boolean {
  let changed = false;
  EXTGLOB.lastIndex = 0;
  for (let m = EXTGLOB.exec(text); m; m = EXTGLOB.exec(text)) {
    const open = m.index + 1;
    const close = m.index + m[0].length - 1;
    // `$((a*(b)))` and `x=(a)` are not globs: the operator must follow a word character, `/` or a blank.
    const before = text[m.index - 1];
    if (before === '$' || before === '(' ) continue;
    chars[open] = '_';
    chars[close] = '_';
    for (let i = open + 1; i < close; i++) if (chars[i] === '|') chars[i] = '_';
    changed = true;
  }
  return changed;
}

/** `${NAME` and one of the operators whose word follows (`:-`, `-`, `:=`, `=`, `:?`, `?`, `:+`, `+`). */
const EXPANSION_WITH_WORD = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+])|\$\{[0-9@*#?$!-](?::?[-=?+])/g;
const OPERATOR_CHARACTERS = new Set(['|', '&', ';', '(', ')', '<', '>']);

/** `${1:?start|stop}` → `${1:?start_stop}`: the word's operator characters at its own level. */
function flattenExpansionWords(text: string, chars: string[]): boolean {
  let changed = false;
  EXPANSION_WITH_WORD.lastIndex = 0;
  for (let m = EXPANSION_WITH_WORD.exec(text); m; m = EXPANSION_WITH_WORD.exec(text)) {
    let depth = 0; // nested `${…}`, `$(…)`, `` `…` `` inside the word keep their syntax
    let quote: string | undefined;
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') { i++; continue; }
      if (quote) { if (c === quote) quote = undefined; continue; }
      if (c === "'" || c === '"') { quote = c; continue; }
      if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '(')) { depth++; i++; continue; }
      if (depth > 0 && (c === '}' || c === ')')) { depth--; continue; }
      if (depth === 0 && c === '}') break;
      if (c === '\n') break; // not an expansion bash reads on one line here: leave it to the grammar
      if (depth === 0 && OPERATOR_CHARACTERS.has(c)) { chars[i] = '_'; changed = true; }
    }
    EXPANSION_WITH_WORD.lastIndex = Math.max(EXPANSION_WITH_WORD.lastIndex, i);
  }
  return changed;
}

/** `${NAME` and a pattern operator (`%`, `%%`, `#`, `##`, `/`, `//`, `/#`, `/%`). */
const EXPANSION_WITH_PATTERN = /\$\{[A-Za-z_][A-Za-z0-9_]*(?:%%?|##?|\/[/#%]?)/g;

/**
 * `${h%]*}` -> `${h%_*}`: a `]` of the pattern that closes no bracket expression (one line, the
 * pattern's own level; a `]` right after `[` or `[!` is a member, literal as well).
 */
function replaceStrayPatternBrackets(text: string, chars: string[]): boolean {
  let changed = false;
  EXPANSION_WITH_PATTERN.lastIndex = 0;
  for (let m = EXPANSION_WITH_PATTERN.exec(text); m; m = EXPANSION_WITH_PATTERN.exec(text)) {
    let depth = 0;
    let quote: string | undefined;
    let bracketAt: number | undefined; // where the open `[` of a bracket expression ends (after `[`, `[!`)
    let i = m.index + m[0].length;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') break;
      if (quote) { if (c === '\\') i++; else if (c === quote) quote = undefined; continue; }
      if (c === '\\') {
        if (depth === 0 && bracketAt === undefined && text[i + 1] === ']') { chars[i] = '_'; chars[i + 1] = '_'; changed = true; }
        i++;
        continue;
      }
      if (c === "'" || c === '"') { quote = c; continue; }
      if (c === '$' && (text[i + 1] === '{' || text[i + 1] === '(')) { depth++; i++; continue; }
      if (depth > 0) { if (c === '}' || c === ')') depth--; continue; }
      if (c === '}') break;
      if (c === '[' && bracketAt === undefined) { bracketAt = text[i + 1] === '!' || text[i + 1] === '^' ? i + 2 : i + 1; continue; }
      if (c !== ']') continue;
      if (bracketAt !== undefined && i > bracketAt) { bracketAt = undefined; continue; }
      chars[i] = '_';
      changed = true;
    }
    EXPANSION_WITH_PATTERN.lastIndex = Math.max(EXPANSION_WITH_PATTERN.lastIndex, i);
  }
  return changed;
}

/**
 * `\`` → `__` inside `${…}` (nesting followed on one line), on lines with no unescaped backtick.
 * Scans each line once: cost linear in the text.
 */
function replaceEscapedBackticksInExpansions(text: string, chars: string[]): boolean {
  let changed = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('\\`') && !UNESCAPED_BACKTICK.test(line)) {
      let depth = 0;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (c === '\\') {
          if (line[i + 1] === '`' && depth > 0) {
            chars[lineStart + i] = '_';
            chars[lineStart + i + 1] = '_';
            changed = true;
          }
          i++;
        } else if (c === '$' && line[i + 1] === '{') { depth++; i++; }
        else if (c === '}' && depth > 0) depth--;
      }
    }
    lineStart = lineEnd + 1;
  }
  return changed;
}

/** A backtick not preceded by a backslash (an odd run of backslashes escapes it). */
const UNESCAPED_BACKTICK = /(?:^|[^\\])(?:\\\\)*`/;

/** `[[` then, on the same line, a blank-preceded `=~` and the blanks after it: the regex operand starts at the match's end. */
const REGEX_TEST = /\[\[[^\n]*?[ \t]=~[ \t]*/g;

/** `[[ $c =~ ([^}]*) ]]` -> `[[ $c =~ ([^_]*) ]]`: unquoted, unescaped `}` of the operand outside `${...}`. */
function replaceRegexBraces(text: string, chars: string[]): boolean {
  let changed = false;
  for (const m of text.matchAll(REGEX_TEST)) {
    let depth = 0; // `${...}` of the operand keep their closing brace
    let quote: string | undefined;
    for (let i = m.index + m[0].length; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') { i++; continue; }
      if (quote) { if (c === quote) quote = undefined; continue; }
      if (c === "'" || c === '"') { quote = c; continue; }
      if (c === ' ' || c === '\t' || c === '\n') break;
      if (c === '$' && text[i + 1] === '{') { depth++; i++; continue; }
      if (c === '}') {
        if (depth > 0) depth--;
        else { chars[i] = '_'; changed = true; }
      }
    }
  }
  return changed;
}

/**
 * `[[ $s =~ .*"a (b)".* ]]` -> `[[ $s =~ .*"a_(b)".* ]]`: blanks of a double-quoted part that
 * follows unquoted text of the regex operand. A quoted part that starts the operand is read.
 * Skipped when the quoted part holds a command substitution, whose words must stay.
 */
function replaceRegexQuotedBlanks(text: string, chars: string[]): boolean {
  let changed = false;
  for (const m of text.matchAll(REGEX_TEST)) {
    const start = m.index + m[0].length;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') { i++; continue; }
      if (c === ' ' || c === '\t' || c === '\n') break;
      if (c === "'") { const close = text.indexOf("'", i + 1); if (close === -1) break; i = close; continue; }
      if (c !== '"') continue;
      let close = i + 1;
      while (close < text.length && text[close] !== '"' && text[close] !== '\n') close += text[close] === '\\' ? 2 : 1;
      if (text[close] !== '"') break;
      const body = text.slice(i + 1, close);
      if (i > start && !body.includes('$(') && !body.includes('`')) {
        for (let j = i + 1; j < close; j++) if (text[j] === ' ' || text[j] === '\t') { chars[j] = '_'; changed = true; }
      }
      i = close;
    }
  }
  return changed;
}

/** A lone `=` between blanks inside a `[[ ... ]]` (no `]]` between the `[[` and it): the match is the `=` and the blank after it. */
const EQUALS_TEST = /(?<=\[\[(?:(?!\]\])[^\n])*[ \t])=[ \t]/g;
