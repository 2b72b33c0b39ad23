# Loupe's production image (compose.yaml). Conventional two-stage Node build; untested in this
# repository's CI, which has no container registry.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NODE_LLAMA_CPP_SKIP_DOWNLOAD=true
# Dependencies first, so a source change does not reinstall them (postinstall runs prisma generate).
COPY package.json package-lock.json prisma.config.ts ./
COPY scripts/prisma-generate.mjs scripts/
COPY prisma prisma
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 NODE_LLAMA_CPP_SKIP_DOWNLOAD=true \
    LOUPE_SKIP_BUILD=1 PORT=3000 HOSTNAME=0.0.0.0
COPY --from=build --chown=node:node /app ./
USER node
EXPOSE 3000
# Migrates the database (and ensures its partitions), then serves the built app.
CMD ["npm", "start"]
