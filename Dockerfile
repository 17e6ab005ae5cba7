# Native AOT build of the emulator; the final image holds only the binary and its native libraries.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends clang zlib1g-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN dotnet publish emulator -c Release -r linux-x64 -p:PublishAot=true -o /out \
    && rm -f /out/*.dbg

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
WORKDIR /app
COPY --from=build /out/ /app/
# Run as the image's unprivileged "app" user (APP_UID, 1654), never root. /data is where a volume for
# --data-dir goes, owned by that user so the emulator can write its state there.
RUN mkdir /data && chown "$APP_UID" /data
USER $APP_UID
EXPOSE 4599
# 0.0.0.0 so `docker run -p` can reach it: every address of the container is exposed (see README, Security).
ENTRYPOINT ["/app/LineageEmulator", "--urls", "http://0.0.0.0:4599"]
