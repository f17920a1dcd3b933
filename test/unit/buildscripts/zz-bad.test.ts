import { lint } from '/work/main/test/helpers/lint';
describe('bad', () => {
  it('x', () => {
    const show = (t: string, file: string) => console.log(file, JSON.stringify(lint(t, { file })).slice(0, 800));
    show('docker buildx build -t "a/b --push .\necho hi\n', 'a.sh');
    show("docker buildx build -t 'a/b --push .\n", 'a.sh');
    show('if [ x ]; then\ndocker buildx build -t a/b --push .\n', 'a.sh');
    show('jobs:\n  a:\n    steps: [\n', '.github/workflows/x.yml');
    show('target "web" {\n  output = ["type=registry]\n}\n', 'docker-bake.hcl');
    show('target "web" {\n  output = ["type=registry"]\n', 'docker-bake.hcl');
    show('{"target": {', 'docker-bake.json');
    show('push:\n\tdocker buildx build -t $(IMAGE --push .\n', 'Makefile');
    show('\u0000\u0001ELF', 'x.sh');
    const big = 'echo "line of a long script with some words"\n'.repeat(120000) + 'docker buildx build -t a/b --push .\n';
    let t = Date.now(); const r = lint(big, { file: 'big.sh' }); console.log(big.length, r.findings.length, r.problems, Date.now() - t, 'ms');
    const big2 = 'docker buildx build -t a/b --push .\n'.repeat(140000);
    t = Date.now(); const r2 = lint(big2, { file: 'big.sh' }); console.log(big2.length, r2.findings.length, r2.problems, Date.now() - t, 'ms');
    const big3 = 'a:\n\t' + 'docker build -t x . && docker push x\n\t'.repeat(120000);
    t = Date.now(); const r3 = lint(big3, { file: 'Makefile' }); console.log(big3.length, r3.findings.length, r3.problems, Date.now() - t, 'ms');
  });
});
