# CareBridge server image: the assembled distribution (bin/, lib/, plugins/, config/, routes/) on a JRE.
# Build: docker build -t carebridge .   Run: docker run -v carebridge-data:/opt/carebridge/data carebridge
# Mount your own config and routes over /opt/carebridge/config and /opt/carebridge/routes.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /opt/carebridge --shell /usr/sbin/nologin carebridge
COPY --from=build --chown=carebridge:carebridge /src/distribution/target/carebridge /opt/carebridge
RUN mkdir -p /opt/carebridge/data && chown carebridge:carebridge /opt/carebridge/data
ENV CAREBRIDGE_HOME=/opt/carebridge
WORKDIR /opt/carebridge
VOLUME /opt/carebridge/data
# HTTP (health, partners' HTTP endpoints) and the demo trust's MLLP port. Partners' listeners must bind
# 0.0.0.0 inside a container (the demo trust binds 127.0.0.1: set mllpHost in your own partner file).
EXPOSE 8080 2575
USER carebridge
# SIGTERM (docker stop) stops gracefully: in-flight messages finish or return to the broker.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/carebridge/bin/carebridge"]
CMD ["run"]
