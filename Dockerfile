# One image for every Marquee service; docker-compose.yml picks the entry point per service.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY platform/package.json platform/
COPY router/package.json router/
COPY subgraphs/auth/package.json subgraphs/auth/
COPY subgraphs/catalog/package.json subgraphs/catalog/
COPY subgraphs/inventory/package.json subgraphs/inventory/
COPY subgraphs/booking/package.json subgraphs/booking/
COPY subgraphs/food/package.json subgraphs/food/
COPY web/package.json web/
RUN npm ci
COPY platform platform
COPY router router
COPY subgraphs subgraphs
COPY schema schema
COPY web web
RUN npm run build && npm prune --omit=dev

# The web app as static files behind nginx (docker-compose's `web` service: docker build --target web).
FROM nginx:1.27-alpine AS web
COPY web/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/web/dist /usr/share/nginx/html

# The services (the default target).
FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
# Overridden per service in docker-compose.yml, e.g. subgraphs/auth/dist/main.js.
CMD ["node", "router/dist/main.js"]
