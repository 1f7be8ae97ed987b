# treatybot in a container: built in a Rust image, run from a small Debian one as a non-root
# user, with the seeds and config inside and the data directory (index, SQLite quiz store) in a
# volume. Docker does not run on the build and CI machines: this file is kept simple, and what
# it runs (`treatybot serve` with the settings below) is tested there as a plain process.
#
#   docker build -t treatybot .
#   docker run -e TREATYBOT__DISCORD__TOKEN=… -v treatybot-data:/var/lib/treatybot treatybot

FROM rust:1-bookworm AS build
WORKDIR /src
# Everything .dockerignore leaves in (the sources, benches and tests the manifest names, seeds).
COPY . .
RUN cargo build --release --locked --bin treatybot

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home-dir /var/lib/treatybot --shell /usr/sbin/nologin treatybot \
    && mkdir -p /var/lib/treatybot && chown treatybot:treatybot /var/lib/treatybot
COPY --from=build /src/target/release/treatybot /usr/local/bin/treatybot
WORKDIR /opt/treatybot
COPY seeds seeds
COPY config config
ENV TREATYBOT__DATA_DIR=/var/lib/treatybot
VOLUME /var/lib/treatybot
USER treatybot
EXPOSE 8080
ENTRYPOINT ["treatybot"]
CMD ["serve"]
