# One image for every service; the command picks the service (see docker-compose.yml, deploy/k8s).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production TS_NODE_PROJECT=/app/tsconfig.json TS_NODE_BASEURL=/app/dist/out-tsc
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json tsconfig.json tsconfig.base.json ./
COPY libs/contracts/schemas ./libs/contracts/schemas
# Owned by node: the correlator's rules API writes into the rules directory (a named volume
# mounted there starts as a copy of it, ownership included).
COPY --chown=node:node deploy/samples ./deploy/samples
USER node
# e.g. `docker run quell ingest`
ENTRYPOINT ["sh", "-c", "exec node -r tsconfig-paths/register dist/out-tsc/apps/$0/src/main.js"]
CMD ["all-in-one"]
