# Image of the same jar `mvn package` builds: run `mvn -DskipTests package` first.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 switchboard
WORKDIR /app
COPY target/switchboard.jar /app/switchboard.jar
COPY config /app/config
USER 10001
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/switchboard.jar"]
