# xxgk image for docker-compose.yml: Node 20 + Debian chromium (for JS-rendered lists and challenges).
FROM node:20-bookworm-slim
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 NODE_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-wqy-microhei ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
USER node
CMD ["npx", "xxgk", "worker"]
