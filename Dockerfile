FROM python:3.11-slim
WORKDIR /srv/bot
COPY pyproject.toml README.md ./
COPY app ./app
COPY handlers ./handlers
COPY middlewares ./middlewares
COPY models ./models
COPY migrations ./migrations
COPY catalog.example.toml ./
RUN pip install --no-cache-dir . && useradd --system bot
USER bot
EXPOSE 8080
CMD ["python", "-m", "app", "serve"]
