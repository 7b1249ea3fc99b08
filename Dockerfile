# naftiko in a container: `naftiko run` on a capability, with a control plane for health checks.
#   docker build -t naftiko .
#   docker run -p 9090:9090 -e ANTHROPIC_API_KEY=sk-ant-... naftiko              # the seed
#   docker run -p 9090:9090 -v $PWD/my.yaml:/capability/capability.yaml:ro naftiko
# See deploy/README.md.

# Build: the workspace, then the tarballs npm would publish (pnpm release:pack).
FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npx -y pnpm@12.4.2 install --frozen-lockfile \
 && npx -y pnpm@12.4.2 release:pack

# Run: only the packed packages and their production dependencies, as the unprivileged `node` user.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/naftiko
COPY --from=build /src/release/ /tmp/release/
RUN npm install --omit=dev --no-audit --no-fund /tmp/release/*.tgz \
 && rm -rf /tmp/release /root/.npm \
 && ln -s /opt/naftiko/node_modules/.bin/naftiko /usr/local/bin/naftiko
COPY capabilities/managed-agents-sessions.yaml /capability/capability.yaml
USER node
# The seed's MCP expose, and the control plane `--control` adds.
EXPOSE 9090 9091
# Ready = every expose listens (GET /health/ready through the control plane, on loopback).
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
  CMD ["naftiko", "health", "--address", "127.0.0.1:9091"]
ENTRYPOINT ["naftiko", "run"]
# Listen on every interface so the published port reaches it; add `--allowed-host <name>` for the
# Host name clients use (only loopback names are answered otherwise).
CMD ["/capability/capability.yaml", "--host", "0.0.0.0", "--control", "9091"]
