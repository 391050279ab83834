# Build the jar first: mvn -B -DskipTests package
FROM eclipse-temurin:17-jre
WORKDIR /srv/fediflow
COPY target/fediflow.jar /opt/fediflow/fediflow.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-Xss512k", "-jar", "/opt/fediflow/fediflow.jar"]
