# syntax=docker/dockerfile:1
# One image for every platform process; docker-compose.yml picks the command:
#   api     node --import tsx api/server.ts          (default)
#   worker  node --import tsx temporal/worker-main.ts
#   migrate node --import tsx db/migrate-main.ts
#   ui      node ui/build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# npm ci's postinstall patches postgres.js (the reason is in the script).
COPY scripts/patch-dependencies.mjs ./scripts/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build:ui
# The workflow code, bundled once here instead of at every worker start (WORKFLOW_BUNDLE_PATH).
RUN node --import tsx scripts/bundle-workflows.ts build/workflow-bundle.js

# Production dependencies only: tsx runs the TypeScript at start-up, and the UI bundle resolves
# its server-side dependencies from /app/node_modules.
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production
ENV WORKFLOW_BUNDLE_PATH=/app/build/workflow-bundle.js
WORKDIR /app
# Files stay owned by root: the `node` user can run the code but not change it.
COPY --from=prod-deps /app/node_modules ./node_modules
# The runtime sources of the layout in DESIGN.md; tests, benchmarks, docs and UI sources stay out.
COPY package.json package-lock.json tsconfig.json config.ts ./
COPY workflows ./workflows
COPY activities ./activities
COPY api ./api
COPY db ./db
COPY domain ./domain
COPY mail ./mail
COPY temporal ./temporal
COPY --from=build /app/ui/build ./ui/build
COPY --from=build /app/build/workflow-bundle.js ./build/workflow-bundle.js
USER node
EXPOSE 3000 3001
CMD ["node", "--import", "tsx", "api/server.ts"]
