#!/usr/bin/env bash
set -euo pipefail
PLATFORMS=${PLATFORMS:-linux/amd64}
docker buildx build --platform "$PLATFORMS" -t registry.example.com/app:"$(git rev-parse --short HEAD)" --push .
docker build -t registry.example.com/tool:1 . && docker push registry.example.com/tool:1
cat <<EOF
done $(uname -m)
EOF
