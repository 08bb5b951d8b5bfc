# syntax=docker/dockerfile:1
# Larder's production image: the web app (`npm start`) and the job worker (`npm run worker`) from
# one image; fly.toml picks the command per process group and runs `npm run db:migrate` as the
# release command. No secret is read at build time: everything comes from the environment at run time.
#
# The app and the worker run compiled JavaScript (`npm run build` writes build/index.js, the Remix
# build, and build/server/, server.ts and workers/index.ts bundled by esbuild): `node`, no
# transpiling at start (docs/decisions/022). The ops scripts (`npm run db:migrate`, db:backup,
# admin:create …) still run TypeScript through tsx (a production dependency), so the image also
# carries the sources they import (app/ through the `~` path of tsconfig.json, db/ for the
# migrations the release command and /readyz read).

ARG NODE_IMAGE=node:22-bookworm-slim

# --- dependencies, dev ones included (Remix's compiler builds the app) ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# patches/: fixes to dependencies that npm's postinstall applies (patch-package), e.g. postgres.js's
# transactions under a busy pool (patches/postgres+3.4.9.patch).
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --no-audit --no-fund

# --- the Remix build and the compiled server and worker, then the dev dependencies pruned away ---
FROM deps AS build
COPY remix.config.js tsconfig.json server.ts ./
COPY app ./app
COPY db ./db
COPY public ./public
COPY workers ./workers
COPY scripts/build-server.ts ./scripts/
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- what runs ---
FROM ${NODE_IMAGE} AS runtime
# pg_dump/pg_restore for `npm run db:backup` / `db:restore` (Debian 12's client is PostgreSQL 15; it
# can dump servers up to 15 only, see README "Backups").
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/public ./public
COPY package.json package-lock.json tsconfig.json remix.config.js server.ts ./
COPY app ./app
COPY db ./db
COPY workers ./workers
COPY scripts ./scripts
# Files stay root-owned and read-only to the process; it writes only to /tmp (tsx's cache, for the
# ops scripts) and ~/.npm.
USER node
EXPOSE 3000 9091
CMD ["npm", "start"]
