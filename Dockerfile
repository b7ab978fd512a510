# zibot: the bot and its scheduler in one process. Data (SQLite, evidence files) lives in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ZIBOT_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY plan ./plan
COPY store ./store
COPY scheduler ./scheduler
COPY bot ./bot
COPY reports ./reports
COPY app ./app
COPY data ./data
RUN pip install . \
    && useradd --create-home --uid 10001 zibot \
    && mkdir -p /data \
    && chown zibot:zibot /data

USER zibot
VOLUME ["/data"]
ENTRYPOINT ["zibot"]
CMD ["run"]
