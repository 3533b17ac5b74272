# Image of the same jar `mvn package` builds: run `mvn -DskipTests package` first.
FROM eclipse-temurin:17-jre
# curl answers the compose file's health check; the data directory belongs to the user the server runs as.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --no-create-home switchboard \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
WORKDIR /app
COPY target/switchboard.jar /app/switchboard.jar
COPY config /app/config
ENV SWITCHBOARD_DATA_DIR=/app/data
VOLUME /app/data
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=20 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/switchboard.jar"]
