# syntax=docker/dockerfile:1
# The agents on the Amazon Bedrock AgentCore Runtime contract (DESIGN §6.1): `cia runtime` on
# 0.0.0.0:8080 (GET /ping, POST /invocations), in the ARM64 image AgentCore requires.
#   docker buildx build --platform linux/arm64 -t cia-runtime .

# The bundle is plain JavaScript, so it is built on the build machine's own platform (no emulation).
FROM --platform=$BUILDPLATFORM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: every native part used here ships prebuilt in its package.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin/ bin/
COPY bot/ bot/
COPY agents/ agents/
COPY pipeline-infra/ pipeline-infra/
COPY blocks/ blocks/
# bin/cia.js builds the esbuild bundle (node_modules/.cache/cia/cia.mjs) on first use.
RUN node bin/cia.js runtime --help > /dev/null

FROM --platform=linux/arm64 node:22-bookworm-slim
ENV NODE_ENV=production \
    CIA_DATA_DIR=/home/node/.cia
WORKDIR /app
COPY package.json package-lock.json ./
# The production dependencies for this platform, from the lockfile: the bundle leaves out the
# native ones (@duckdb/node-api with @duckdb/node-bindings-linux-arm64, dynalite's classic-level).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force \
    && node --input-type=module -e "await import('@duckdb/node-api')"
COPY bin/cia.js bin/cia.js
COPY --from=build /app/node_modules/.cache/cia/cia.mjs node_modules/.cache/cia/cia.mjs
USER node
EXPOSE 8080
CMD ["node", "bin/cia.js", "runtime", "--port", "8080"]
