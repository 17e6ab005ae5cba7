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
EXPOSE 4599
ENTRYPOINT ["/app/LineageEmulator", "--urls", "http://0.0.0.0:4599"]
