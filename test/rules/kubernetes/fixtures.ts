/** Manifests the Kubernetes rule tables share. */

/** A Pod whose spec starts with `specBody` (indented two spaces) and has one container `app` with `image`. */
export const pod = (specBody: string, image = 'nginx:1.27') => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${specBody}  containers:
  - name: app
    image: ${image}
`;

/** Required node affinity with the given nodeSelectorTerms lines (8-space indented `- …` items). */
export const requiredTerms = (terms: string) => `  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
${terms}`;
