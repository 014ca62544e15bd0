# The kinitro binary in a slim image. Every role is a subcommand:
#   docker run --rm kinitro --help
#   docker run --rm -e KINITRO_DATABASE_URL=postgres://… kinitro api --host 0.0.0.0
# Build: docker build -t kinitro .
FROM denoland/deno:debian-2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
COPY main.ts ./
COPY src ./src
COPY eval-env ./eval-env
COPY miner-template ./miner-template
# the compile task holds the flags (the worker modules, V8's young generation): one source
RUN deno install --frozen && deno task compile

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /home/kinitro --uid 10001 kinitro
COPY --from=build /src/dist/kinitro /usr/local/bin/kinitro
USER kinitro
WORKDIR /home/kinitro
# the embedded database (used only when KINITRO_DATABASE_URL is unset) keeps its data here
ENV KINITRO_DATA_DIR=/home/kinitro/data
EXPOSE 8000
ENTRYPOINT ["kinitro"]
CMD ["--help"]
