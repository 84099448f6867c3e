# Arahan: one image for every role (--role all | bot | worker). See README.md, "Deployment".
#
#   docker build -t arahan .
#   docker run --env-file .env -e REDIS_URL=redis://redis-host:6379 -v arahan-data:/app/data -p 127.0.0.1:8080:8080 arahan
#
# The app's own TypeScript is bundled into dist/main.mjs (npm run build, src/cli/build.ts): a
# process starts in about 1 s instead of 2 through tsx's loader, which is the pause in sending
# when a crashed worker is restarted (bench/RESULTS.md, part 3). Dependencies stay in node_modules.

# --- build stage: production dependencies, native modules compiled if need be ----------
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary when it can and otherwise compiles from
# source, which needs python3, make and a C++ compiler. They stay in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force

# --- runtime stage ----------------------------------------------------------------------
FROM node:20-bookworm-slim
# /grafik and the weekly digest draw text with the fonts in assets/fonts: no system fonts needed.
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
# Code and dependencies belong to root and are read-only for the app; only /app/data is its own.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY assets ./assets
COPY handlers ./handlers
COPY locales ./locales
COPY migrations ./migrations
RUN node --import tsx src/cli/build.ts
# The default DATABASE_URL (file:./data/arahan.db) puts the SQLite file here.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
# The image's non-root user (uid 1000).
USER node
# Health, readiness, metrics, the queue dashboard and (webhook mode) the webhook: PORT, default 8080.
EXPOSE 8080
# Liveness only (/readyz also asks Telegram, which should not get a container restarted).
# Start-up waits until Telegram answers getMe, so the port may take a while to open.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node runs the bundle in one process, so `docker stop`'s SIGTERM reaches the app itself and it
# shuts down gracefully (within 20 s). Not `npx …`/`npm start`: as PID 1, npm exits on SIGTERM
# without passing it on, and the app is killed mid-send.
# Another role: docker run … arahan node dist/main.mjs --role worker
CMD ["node", "dist/main.mjs"]
