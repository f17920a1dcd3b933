/**
 * Scripts bash accepts must parse without syntax errors, with the commands bash would run. Each
 * case is checked against bash itself (`bash -n`) first, so the table cannot hold a script that
 * is really broken. The constructs come from the audit of every shell script of the corpora.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseShell } from '../../../server/src/shell/shell';

interface Case {
  name: string;
  script: string;
  /** Command names in order (`=NAME` for a bare assignment). */
  commands: string[];
  /** Extra bash options for the oracle (`-O extglob` is set by `shopt` only at run time). */
  bashOptions?: string[];
}

const CASES: Case[] = [
  {
    name: 'a here-string after another redirection (jaeger opensearch-recovery.sh:407)',
    script: 'if jq -e \'.status == "green"\' >/dev/null 2>&1 <<<"$health"; then\n  echo ok\nfi\n',
    commands: ['jq', 'echo'],
  },
  {
    name: 'a here-string after a multi-line argument and one redirection',
    script: "jq -e '\n  .metadata.uid == $uid\n' >/dev/null <<<\"$pvc_json\" || err \"changed\"\n",
    commands: ['jq', 'err'],
  },
  {
    name: 'a here-string before another redirection (already read)',
    script: 'grep -q x <<<"$a" >/dev/null; echo done\n',
    commands: ['grep', 'echo'],
  },
  {
    name: 'an assignment-only command with a redirection (libtool ltmain.sh)',
    script: 'if test -z "$X" && A="a" && A+=" b" 2>/dev/null && test "a b" = "$A"; then\n  HAVE=yes\nfi\n',
    commands: ['test', '=A', '=A', 'test', '=HAVE'],
  },
  {
    name: 'a backtick substitution opening with a blank after an earlier one (gzip tests init.sh)',
    script: 'len=`echo "$d" | wc -c`\nd=` (echo "$d"; eval "$c") 2>&1 | gzip `\n',
    commands: ['=len', 'echo', 'wc', '=d', 'echo', 'eval', 'gzip'],
  },
  {
    name: 'an extended glob once `shopt -s extglob` is on (external-secrets crd.generate.sh)',
    script: 'shopt -s extglob\nyq e "${CRD_DIR}"/bases/!(kustomization).yaml > "${BUNDLE_YAML}"\nls @(a|b).txt\n',
    commands: ['shopt', 'yq', 'ls'],
    bashOptions: ['-O', 'extglob'],
  },
  {
    name: 'a here-document with no command, a block comment (airbyte-platform tools/bin/load_test/load_test_airbyte.sh:5)',
    script: "set -o errexit\n<<comment\nThis script (local or remote) runs; it's a load test\ncomment\n\t<<-'END'\n\tmore text (here\n\tEND\ndocker build -t a/b .\n",
    commands: ['set', 'docker'],
  },
  {
    name: 'a here-document whose command runs in the background (actions-runner-controller runner/entrypoint-dind.sh)',
    script: "dumb-init bash <<'SCRIPT' &\nsource logger.sh\ndockerd --config-file /etc/docker/daemon.json\nSCRIPT\nwait_for_docker || exit 1\n",
    commands: ['dumb-init', 'wait_for_docker', 'exit'],
  },
  {
    name: 'a here-document ended with `;` after a redirection, a comment after it, and a tab-stripped body',
    script: 'cat >/tmp/o <<-EOF ; # write it\n\tline\n\tEOF\necho done\n',
    commands: ['cat', 'echo'],
  },
  {
    name: 'comments in backticks between the lines of a continued pipeline (kind images/base entrypoint)',
    script: "iptables-save \\\n  | sed \\\n    `# switch the DNS rules` \\\n    -e 's/a/b/g' \\\n    `# and the SNAT ones` \\\n    -e \"s/c/${ip}/g\" \\\n  | iptables-restore\necho done\n",
    commands: ['iptables-save', 'sed', 'iptables-restore', 'echo'],
  },
  {
    name: 'a line continuation on the last line (loki tools/release_update_tags.sh)',
    script: 'find . -type f -print0 \\\n  | xargs -0 sed -i -E \\\n\t-e "s/a/b/g" \\\n',
    commands: ['find', 'xargs'],
  },
  {
    name: 'a line continuation before blank lines at the end, CRLF',
    script: 'docker build -t x . \\\r\n\r\n',
    commands: ['docker'],
  },
  {
    name: 'a shell prompt pasted as a command (kyverno docs/perf-testing/setupetcd.sh:28)',
    script: 'echo a\nroot@da-m3-large:~/go/src/kyverno# etcdctl endpoint status -w table\necho b\n',
    commands: ['echo', 'root@da-m3-large:~/go/src/kyverno#', 'echo'],
  },
  {
    name: 'a literal `$` in a command substitution (tekton plumbing presubmit-tests.sh:56)',
    script: '[[ -z "$(cat ${CHANGED_FILES} | grep -v \\"\\(${1// /\\\\|}\\)$\\")" ]]\nx=$(sed s/a$// f)\n',
    commands: ['cat', 'grep', '=x', 'sed'],
  },
  {
    name: 'the read-write redirection `n<>file` (percona-xtradb-cluster-operator pxc-entrypoint.sh:186), and `<>` alone',
    script: 'sed -r "s|^x=.*$|x=${V}|" "${CFG}" 1<>"${CFG}"\nexec 3<>/dev/tcp/example.com/80\ncat <>fifo\necho "1<>kept" && docker build -t a/b .\n',
    commands: ['sed', 'exec', 'cat', 'echo', 'docker'],
  },
  {
    name: 'an arithmetic operand glued to an expansion (kube-ovn dist/images/kubectl-ko: `$((0x$i))`), base prefixes too',
    script: 'for i in $(echo "$@"); do\n\tprintf "%d\\n" "$(( 0x$i ))"\ndone\nprintf "%d " $((0x$x >> 8 & 0xff)) $((0x$x & 0xff))\nn=$((10#$m + 1)); (( k = 16#$h )); echo $((x$y)) && docker build -t a/b .\n',
    commands: ['echo', 'printf', 'printf', '=n', 'echo', 'docker'],
  },
  {
    name: 'option patterns with a glob and a command glued to the `)` (weaviate test/run.sh:102)',
    script: 'while [[ "$#" -gt 0 ]]; do\n  case $1 in\n    --only-acceptance-*|-oa)run_all_tests=false; only_acceptance=true;only_acceptance_value=$1;;\n    -oa|-x*)run;;\n    *) echo "Unknown"; exit 1;;\n  esac\n  shift\ndone\ndocker build -t a/b .\n',
    commands: ['=run_all_tests', '=only_acceptance', '=only_acceptance_value', 'run', 'echo', 'exit', 'shift', 'docker'],
  },
  {
    name: 'a catch-all `*` pattern with its command glued to the `)` (neuvector docker-bench-security functions/helper_lib.sh:4)',
    script: 'abspath () { case "$1" in /*)printf "%s\\n" "$1";; *)printf "%s\\n" "$PWD/$1";; esac; }\ncase $2 in\n  a|*)run;;\nesac\ncase $3 in\n  (*)x;;\nesac\ndocker build -t a/b .\n',
    commands: ['printf', 'printf', 'run', 'x', 'docker'],
  },
  {
    name: 'a literal unquoted `$` before a character no expansion starts with',
    script: 'sed -e s/$/x/ a | tr a$, b$. ; echo $$/tmp a$\\" "$/" \'$)\'\n',
    commands: ['sed', 'tr', 'echo'],
  },
  {
    name: "a shell operator character in an expansion's word (dragonfly .claude/skills/benchmark/scripts/bench_server.sh:27)",
    script: 'set -euo pipefail\ncmd=${1:?start|start-docker|stop|stop-docker|status}; tgt=${2:?ssh target}\ndocker build -t "${IMG:-acme/a;b}" .\n',
    commands: ['set', '=cmd', '=tgt', 'docker'],
  },
  {
    name: 'operator characters in the words of every expansion operator, quoted or not, beside a nested substitution',
    script: 'a=${1:-x|y} b=${2-x&y} c="${3:=(x)}" d=${4:+<x>} e=${5?$(echo a | tr a b)|z}\ndocker push "${IMG:?set IMG (e.g. acme/app)}"\n',
    // As without the operator characters: an assignment holding a substitution lists the substitution's commands.
    commands: ['docker', 'echo', 'tr'],
  },
  {
    name: "a `]` in the pattern of a `${x%]*}` expansion (apache/streampipes installer/cli/bin/common:106)",
    script: 'while IFS=\'\' read -r line; do\n  [[ "$line" == *"$s"* ]] &&\n  helper=${line#*$s}\n  env=${helper%]*}\ndone < "$f"\ndocker build -t a/b .\n',
    commands: ['read', '=helper', '=env', 'docker'],
  },
  {
    name: 'a `]` in every pattern operator, quoted, escaped, after a bracket expression, beside a real bracket expression',
    script: 'a=${h%%]*} b=${h#*]} c=${h##*]} d="${h%]*}" e=${h%\\]*} f=${h/]/x} g=${h#*[!]]} i=${h%[ab]*}\ndocker push "${IMG%]}"\n',
    commands: ['docker'],
  },
  {
    name: 'escaped backticks around an expansion inside a `${x:+…}` operand (kserve hack/verify-image-flag-drift.sh:485)',
    script: 'if [[ $wrapped -eq 1 ]]; then\n  echo "- skipped${launched:+, which runs \\`${launched}\\`}, so" \\\n    "${unchecked:+${unchecked} }flag(s)"\nfi\necho "${x:-\\`$y\\`}" && docker build -t a/b .\n',
    commands: ['echo', 'echo', 'docker'],
  },
  {
    name: 'arithmetic in a here-document body, nested in a substitution of another (k8ssandra-operator scripts/setup-kind-multicluster.sh:111)',
    script: 'cat <<EOF | kind create cluster --config=-\nnodes:\n$(for ((i=0; i<n; i++)); do\ncat << EOF2\n- labels: "zone$((${id}+1))-$(( (${i} % 3) +1))"\nEOF2\ndone)\nEOF\ncat <<EOF\n$((i%3)) $(( (a) * $((b%2)) ))\nEOF\ndocker build -t a/b .\n',
    commands: ['cat', 'kind', '=i', 'cat', 'cat', 'docker'],
  },
  {
    name: 'a shift inside an arithmetic expansion nested in another (k0s docker-entrypoint.sh:65: `$((c & $((1 << $1))))`)',
    script: 'has_cap() {\n  [ "$((cap_eff & $((1 << $1))))" != 0 ]\n}\necho $(( $((1 << 2)) + 1 )) `# note` && docker build -t a/b .\n',
    commands: ['echo', 'docker'],
  },
  {
    name: 'the root folder as the operand of a test operator (netdata packaging/docker/run.sh:10)',
    script: 'if [ ! -w / ] && [ "${EUID}" -eq 0 ]; then\n  echo warn\nfi\n[ -d / -a -w / ] && docker build -t a/b .\n[[ -r / ]] || echo no\n',
    commands: ['echo', 'docker', 'echo'],
  },
  {
    name: 'a `}` in the regex of a `[[ =~ ]]` test (jenkinsci/docker jenkins-support:13)',
    script: 'while [[ "${content}" =~ \\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\\} ]]; do\n  echo "${BASH_REMATCH[1]}"\ndone\nif [[ $v =~ ^${prefix}-[0-9]{2}} && -n $v ]]; then docker build -t a/b .; fi\n',
    commands: ['echo', 'docker'],
  },
  {
    name: 'a blank in a quoted part glued after unquoted text of a `[[ =~ ]]` regex (algorand/go-algorand scripts/release/test/util/smoke_test.sh:62)',
    script: 'if [[ "$STR" =~ .*"$FULLVERSION.$CHANNEL [$BRANCH] (commit #$SHORT_HASH)".* ]]\nthen\n  echo match\nfi\n[[ $v =~ ^v"1 2"\'x y\' ]] && docker build -t a/b .\n',
    commands: ['echo', 'docker'],
  },
  {
    name: "a quoted or escaped string-order operator in a single-bracket test (discourse_docker launcher:171: `[ \"$arem\" '<' \"$brem\" ]`)",
    script: 'x=`which docker`\nif [ "$arem" \'<\' "$brem" ]; then\n  return 1\nelif [ "$arem" ">" "$brem" ]; then\n  return 0\nfi\n[ a \\< b ] && [ b \\> a ] && docker build -t a/b .\n',
    commands: ['=x', 'which', 'return', 'return', 'docker'],
  },
  {
    name: "an escaped parenthesis grouping the operands of a single-bracket test (postgrespro/pg_probackup packaging/test/scripts/rpm.sh:36)",
    script: "if [ ${V} = '7' ]; then\n  yum install -y x\nelif [ ${V} = '8' -a \\( ${D} = 'rhel' -o ${D} = 'oraclelinux' \\) ]; then\n  yum install -y nginx\nfi\n[ \\( -f a \\) ] && [ ! \\( -d b \\) ] && docker build -t a/b .\n",
    commands: ['yum', 'yum', 'docker'],
  },
  {
    name: 'a `for` whose `in` list starts on the next line (discourse_docker discourse-doctor:304)',
    script: 'for VAR\n  in SMTP_PASSWORD \'Sending mail\'\ndo\n  echo "$VAR"\ndone\nfor a\n\n in x; do docker build -t "$a" .; done\n',
    commands: ['echo', 'docker'],
  },
  {
    name: 'a Maven-filtered placeholder as a parameter expansion (apache/ozone compose/testlib.sh:48, k8s/examples/testlib.sh:174)',
    script: 'DEFAULT_IMAGE="${docker.hadoop.image}"\nf() {\n  local default_version=${docker.ozone-runner.version} # set by Maven\n  V="$(echo "${ozone.version}" | sed -e s/-SNAPSHOT//)"\n  docker build -t "x:$V" .\n}\n',
    commands: ['=DEFAULT_IMAGE', 'local', '=V', 'echo', 'sed', 'docker'],
  },
  {
    name: 'an empty backtick substitution on a line of its own (opencurve/curve util/docker.sh:6)',
    script: '#!/usr/bin/env bash\n``\ng_os="debian11"\necho `` "$g_os"; docker build .\n',
    commands: ['=g_os', 'echo', 'docker'],
  },
  {
    name: 'a lone `=` before a glob pattern in `[[ ]]`, joined by `&&` or holding a quoted quote (pixie scripts/run_docker.sh:94: `[[ $arg = *"\'" ]]`)',
    script: 'for arg in "$@"; do\n  if [[ $arg = *"\'" ]]; then\n    echo end\n  elif [[ -n $arg && $arg = *"\'"* && $arg != *"\'"*"\'" ]]; then\n    echo start\n  fi\ndone\ndocker run "$@"\n',
    commands: ['echo', 'echo', 'docker'],
  },
  {
    name: 'digits glued after an expansion in arithmetic (minikube hack/jenkins/common.sh:440: `$((${elapsed}00/60))`)',
    script: 'min=$(($elapsed/60))\nsec=$(tail -c 3 <<< $((${elapsed}00/60)))\nn=$(( $a0 + ${b}1 * 2 )); docker build -t a/b .\n',
    commands: ['=min', '=sec', 'tail', '=n', 'docker'],
  },
  {
    name: 'a dangling `-a` before the `]` of a test (kubekey scripts/harbor_keepalived/check_harbor.sh:6)',
    script: 'if [ $count -ne 11 -a  ];then\n   exit 8\nelif [ -n "$x" -o ]; then\n  docker build -t a/b .\nfi\n',
    commands: ['exit', 'docker'],
  },
  {
    name: 'a function body `{(` ... `)}` with no blanks (rke2 tests/docker/test-helpers:24)',
    script: 'fetch() {(\n    set -e\n    docker cp a:/x - | tar -xO\n)}\nexport -f fetch\n',
    commands: ['set', 'docker', 'tar', 'export'],
  },
  {
    name: 'a function body `{ (set -e` ... `)}` with a blank after the brace (antrea ci/jenkins/test-mc.sh:304)',
    script: 'function run_codecov { (set -e\n    curl -Os https://x/codecov\n    ./codecov -f "$1"\n)}\n\nfunction deliver { docker build -t a/b .; }\n',
    commands: ['set', 'curl', './codecov', 'docker'],
  },
  {
    name: 'a function body `{ (` ... `) }` with a blank before the closing brace (gravitl/netmaker scripts/nm-quick.sh:262)',
    script: 'confirm() { (\n\twhile true; do\n\t\tread -p "ok?" yn\n\t\tcase $yn in\n\t\t[Yy]*) break ;;\n\t\tesac\n\tdone\n) }\n\nsave_config() { (\n\techo "saving"\n\tdocker build -t a/b .\n) }\n',
    commands: ['true', 'read', 'break', 'echo', 'docker'],
  },
  {
    name: 'a brace group of several commands whose last is a subshell, `) }` with no `;` (AutoMQ/automq docker/jvm/launch:49, from Apache Kafka)',
    script: 'result=$(run setup 2>&1) || \\\n      echo $result | grep -i "already formatted" || \\\n      { echo $result && (exit 1) }\n\ndocker build -t a/b .\n',
    commands: ['=result', 'run', 'echo', 'grep', 'echo', 'exit', 'docker'],
  },
  {
    name: 'a single-bracket test with two operands side by side (determined-ai/determined master/static/srv/dispatcher-wrapper.sh:239)',
    script: 'if [ ! type rocm-smi ] >/dev/null 2>&1; then\n  log "WARNING: rocm-smi not found" 1>&2\nfi\n[ -z $a $b ] && docker build -t "a/$b" .\nif [ "$x" == "a b" c ]; then echo; fi\n',
    commands: ['log', 'docker', 'echo'],
  },
  {
    name: 'a command substitution that opens with a subshell, no blank (`$((docker run ...) || true)`, m3db/m3 scripts/docker-integration-tests/aggregator/test.sh:177)',
    script: 'out=$((docker run -it --rm --network $network \\\n    $IMAGE -u http://x:7202/write \\\n    -d ${ts},${v} | grep -v log) || true)\nok=$(echo $out | jq .success)\necho $((1 + (2 * 3)))\n',
    commands: ['=out', 'docker', 'grep', 'true', '=ok', 'echo', 'jq', 'echo'],
  },
  {
    name: 'subshells nested with no blank (`((rm -r x || exit 0); mkdir -p x)`, mjl-/mox docker-release.sh:39)',
    script: 'set -e\n((rm -r tmp/gomod || exit 0); mkdir -p tmp/gomod) # modules once\n(podman manifest rm mox:$v || exit 0)\nfor p in $(echo $ps | sed \'s/,/ /g\'); do\n\tpodman build --platform $p -f Dockerfile.release empty\ndone\ni=0\n((i++))\nif (( (i + 1) * 2 > 3 )); then echo big; fi\n',
    commands: ['set', 'rm', 'exit', 'mkdir', 'podman', 'exit', 'echo', 'sed', 'podman', '=i', 'echo'],
  },
];

function bashAccepts(script: string, options: string[] = []): boolean {
  try {
    execFileSync('bash', [...options, '-n'], { input: script, stdio: ['pipe', 'pipe', 'pipe'] });
    return true;
  } catch {
    return false;
  }
}

const names = (script: string) => parseShell(script).commands.map((c) => c.name?.text ?? `=${c.assignments[0]?.name}`);

describe('shell scripts bash accepts parse without errors', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.ok(bashAccepts(c.script, c.bashOptions), 'the oracle (bash -n) must accept the case');
      const parsed = parseShell(c.script);
      assert.deepEqual(parsed.errors, []);
      assert.deepEqual(names(c.script), c.commands);
    });
  }

  it('keeps the redirected word out of the arguments of a here-string command', () => {
    const [jq] = parseShell('jq -e . >/dev/null 2>&1 <<<"$x"').commands;
    assert.deepEqual(jq.args.map((a) => a.text), ['-e', '.']);
  });

  it('reports an error inside a region the parser could not reduce where it is, not where the region starts', () => {
    // kyverno's setupetcd.sh: notes pasted after the commands; bash stops at the table's first `|` (line 4).
    const script = 'export A=1\ncurl -L x\nroot@host:~/kyverno# etcdctl endpoint status -w table\n| ENDPOINT | ID |\n';
    assert.equal(bashAccepts(script), false);
    const { errors } = parseShell(script);
    assert.ok(errors.length > 0);
    assert.equal(script.slice(0, errors[0].start).split('\n').length, 4, `first error at ${JSON.stringify(errors[0])}`);
  });

  it('keeps the words of a well-formed test beside a repaired one (a guard reads them)', () => {
    const parsed = parseShell('if [ "$TARGETARCH" = "arm64" ] && [ ! type x ]; then docker build -t a/b .; fi\n');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.commands[0].guards.map((g) => g.subject), ['[ "$TARGETARCH" = "arm64" ] && [ ! type_x ]']);
  });

  it('reports an unclosed pattern expansion with a `]` still (bash rejects it too)', () => {
    for (const broken of ['echo ${h%]*\n', 'echo "${h#*]\n', 'echo ${h/]/x\n']) {
      assert.equal(bashAccepts(broken), false, `bash must reject ${JSON.stringify(broken)}`);
      assert.ok(parseShell(broken).errors.length > 0, `expected a syntax error in ${JSON.stringify(broken)}`);
    }
  });

  it('reports real syntax errors still (bash rejects them too)', () => {
    for (const broken of ['echo $((0x$i)\n', 'echo ${1:?a|b\n', 'echo $(ls\n', 'echo "unterminated\n', 'ls !(x).yaml\n', 'A=1 2>/dev/null && && b\n', 'echo a && \\\n', 'echo "${x:+\\`${y}\\`"\n', 'echo $(ls [ -d / ]\n', 'case $1 in\n  --a-*|-b)run;;\n', 'case $1 in *)run;;\n', 'echo a;; *)run\n', 'echo $((c & $((1 << 2)))\n', '[[ $c =~ ([^}]*) && echo\n', '[[ $s =~ .*"a (b) ]]\n', 'echo ${a.b\n', 'echo `` `\n', 'if [ a \'<\' b; then\n', 'for x\nin a b\n', 'echo $((${e}00/60)\n', 'f() {(\n  echo\n)\n', 'f() {(\n  echo\n}\n', 'f() { (\n  echo\n}\n', 'f() { (\n  echo\n) \n', 'f() { (\n  echo\n) x }\n', 'if [ ! type x ]; then echo "a\n', 'x=$((ls) | wc\n', 'x=$((ls)\n', '{ echo a && exit 1 }\n', '{ echo a && (exit 1)\n', '{ echo a && (exit 1) x }\n']) {
      assert.equal(bashAccepts(broken), false, `bash must reject ${JSON.stringify(broken)}`);
      assert.ok(parseShell(broken).errors.length > 0, `expected a syntax error in ${JSON.stringify(broken)}`);
    }
  });
});
