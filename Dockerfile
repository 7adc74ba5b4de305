# One image for every Deno process of the AVS: aggregator, operator, challenger, CLI (stake updater,
# operator setup) and the one-shot contract deployer. The service is chosen by the first argument,
# e.g. `docker run incredible-squaring-avs:dev operator --config config/operator1-docker-compose.yaml`.
#
# Pinned base: the official Deno image (Debian variant) at the same Deno version the project uses.
FROM denoland/deno:debian-2.9.6

# Deno's cache lives in /deno-dir, owned by the image's non-root `deno` user (uid 1993). The
# deployment volume's mount point is created here so the named volume inherits its owner.
ENV DENO_DIR=/deno-dir \
    DENO_NO_UPDATE_CHECK=1 \
    NO_COLOR=1

WORKDIR /app
RUN mkdir -p /deno-dir /var/lib/incsq/deployments \
 && chown deno:deno /app /deno-dir \
 && chown -R deno:deno /var/lib/incsq
USER deno

# Dependency layer: only the import map and lock file, so editing sources does not re-download
# npm packages. `deno install` fetches everything deno.json imports.
COPY --chown=deno:deno deno.json deno.lock ./
RUN deno install --frozen

# Sources, then a type-check-free cache of every entrypoint so containers start without fetching.
COPY --chown=deno:deno . .
RUN deno cache aggregator.ts operator.ts challenger.ts cli.ts start.ts scripts/chain.ts \
      docker/deploy.ts \
      docker/healthcheck.ts \
 && chmod 0755 docker/entrypoint.sh

# aggregator RPC, aggregator metrics, aggregator node API, operator metrics, operator node API,
# challenger metrics (docs/operations.md lists them).
EXPOSE 8090 9091 9011 9090 9010 9092

ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["help"]
