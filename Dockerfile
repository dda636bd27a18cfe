# pers-mock: the PERS mock server (`serve`, the default) and contract runner (`contract …`).
#
#   docker build -t pers-mock .
#   docker run --rm -p 4010:4010 -v pers-mock-data:/data pers-mock
#   docker run --rm pers-mock contract --base-url http://host:4010 --project-key … --jwt …
#
# NODE_IMAGE picks the Debian-slim Node base. The default is the current Active LTS line
# (Node 26 since 2026-10-28) on bookworm, the Debian release the test base images use; any
# official node:*-slim tag with Node >= 20.19 builds the same file (test/docker runs it on
# node:20-bookworm-slim).
ARG NODE_IMAGE=node:26-bookworm-slim

# --- build: production dependencies plus the compiler and bundler, `npm run build` ---------------
# Only the compiler, Node's types and the bundler are added to the production dependencies: the
# other dev dependencies (test tools and large test documents) are not needed to build. Their
# versions are the ones package-lock.json pins.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script (esbuild's binary comes as an optional dependency);
# --ignore-scripts also keeps lifecycle hooks from building before the sources are here. The
# bundle script imports esbuild from /app, hence the link.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir /toolchain && cd /toolchain \
 && npm install --ignore-scripts --no-audit --no-fund \
      "typescript@$(node -p "require('/app/package-lock.json').packages['node_modules/typescript'].version")" \
      "@types/node@$(node -p "require('/app/package-lock.json').packages['node_modules/@types/node'].version")" \
      "esbuild@$(node -p "require('/app/package-lock.json').packages['node_modules/esbuild'].version")" \
 && ln -s /toolchain/node_modules/esbuild /app/node_modules/esbuild
COPY tsconfig.json tsconfig.build.json openapi.yaml ./
COPY src ./src
COPY scripts ./scripts
# As `npm run build`: compile, prepare the built-in document, bundle the CLI.
RUN /toolchain/node_modules/.bin/tsc -p tsconfig.build.json --typeRoots /toolchain/node_modules/@types \
 && node scripts/prepare-spec.mjs \
 && node scripts/bundle-cli.mjs

# --- production dependencies only --------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4010 \
    PERS_MOCK_DB=/data/db.json
WORKDIR /app
# The application files stay owned by root (read-only to the server); only /data is writable.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json openapi.yaml ./
COPY fixtures ./fixtures
COPY overlays ./overlays
# contracts/ may be empty, and git keeps no empty folder: the pattern lets it be absent.
COPY contract[s] ./contracts/
# The official images' unprivileged `node` user, by number so that Kubernetes' runAsNonRoot
# can verify it. A named volume mounted on /data inherits this ownership.
RUN mkdir -p /app/contracts /data && chown 1000:1000 /data
USER 1000:1000
VOLUME ["/data"]
EXPOSE 4010

# node itself probes the health endpoint, so the image needs no curl or wget.
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4010) + '/__mock/health', { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node is PID 1 and receives `docker stop`'s SIGTERM directly: `serve` handles SIGTERM and SIGINT
# by finishing in-flight requests and exiting 0, so no init wrapper is needed.
ENTRYPOINT ["node", "/app/dist/cli/main.js"]
CMD ["serve"]
