# Build with the Maven wrapper, so the image builds with the same Maven as every developer.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 (dependencies and the wrapper's Maven) between builds: after a source
# change nothing is downloaded again. Tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests \
    && java -Djarmode=tools -jar bootstrap/target/coupons.jar extract --layers --destination /extracted

FROM eclipse-temurin:25-jre
RUN groupadd --system coupons && useradd --system --gid coupons --no-create-home coupons
WORKDIR /app
# One layer per rate of change: third-party libraries (150 MB) stay cached when only our code changes.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER coupons
# The jar carries no embedded database: without SPRING_DATASOURCE_URL it stops at startup, naming it.
# Logs are one JSON object per line (Elastic Common Schema) for the log collector.
# JAVA_OPTS: the memory configuration the benchmarks and scripts/hardening measure (they read it from
# here, scripts/image-java-opts.sh): a 192 MB heap whose young generation has room for in-flight claims,
# the serial collector (two cores). The serial collector lets the old generation fill up to -Xmx before
# it collects it, so peak RSS is about -Xmx + 180 MB: 340-358 MB in a 10,000-shopper spike (README,
# "Memory of a spike"). The service bounds HTTP work in flight by the heap (README, "Requests in
# flight"); docker-compose.yml's mem_limit (512m) must move with -Xmx.
ENV LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs \
    JAVA_OPTS="-Xms64m -Xmx192m -Xmn48m -XX:SurvivorRatio=3 -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=1000 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# exec: java becomes PID 1 and receives SIGTERM for the graceful shutdown; JAVA_OPTS stays overridable.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/coupons.jar \"$@\"", "coupons"]
