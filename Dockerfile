# syntax=docker/dockerfile:1
# The gateway's image: built with Maven on a JDK, run on a JRE as a non-root user. The OCR models are inside
# gateway.jar (the build fetches and verifies them), so the image needs nothing at run time. docs/deployment.md.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY models models
COPY ocr-api ocr-api
COPY inference inference
COPY test-support test-support
COPY adapters adapters
COPY gateway gateway
# The README's build; the cache keeps Maven's downloads between builds.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 gateway \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin gateway
COPY --from=build /src/gateway/target/gateway.jar /opt/gateway/gateway.jar
WORKDIR /opt/gateway
# Numeric, so that Kubernetes' runAsNonRoot can check it without reading /etc/passwd.
USER 10001:10001
# Public API; admin API and /metrics.
EXPOSE 8080 8081
# Liveness only: readiness is the load balancer's to judge.
COPY --chmod=0555 gateway/src/main/docker/health-live.sh /opt/gateway/health-live.sh
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["/opt/gateway/health-live.sh"]
# The JVM flags of README ("Recommended JVM settings"), measured in docs/BENCHMARKS.md.
ENTRYPOINT ["java", "-Xmx512m", "-Xms32m", "-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=5", "-XX:MaxHeapFreeRatio=15", \
            "-jar", "/opt/gateway/gateway.jar"]
